import { createServer } from "node:net";
import { CliError } from "../errors.ts";

/** A listener `run` is about to ask Envoy for. */
export interface ListenerAddress {
  readonly name: string;
  readonly address: string;
  readonly port: number;
}

/**
 * Refuses to start when a listener's port is taken, whoever holds it.
 * Envoy's listeners set SO_REUSEPORT, so a second Envoy on the same port
 * would start without complaint and the kernel would share connections
 * between the two configurations; a plain bind (without SO_REUSEPORT) fails
 * against any holder, Envoy or not. Port 0 needs no check.
 */
export async function assertPortsFree(listeners: readonly ListenerAddress[]): Promise<void> {
  for (const listener of listeners) {
    if (listener.port === 0) continue;
    const failure = await tryBind(listener.address, listener.port);
    if (failure === null) continue;
    const held = failure === "EADDRINUSE" ? "is already in use (another envoyscript run, Envoy or other server holds it)" : `cannot be bound (${failure})`;
    throw new CliError("E_PORT_IN_USE", `listener "${listener.name}": ${listener.address}:${listener.port} ${held}; stop that process, or pick another port (--port <n>, 0 for any free one)`);
  }
}

/** Binds and releases `address:port`; resolves to the error code, or null when the port is free. */
function tryBind(address: string, port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen({ host: address, port, exclusive: true }, () => server.close(() => resolve(null)));
  });
}
