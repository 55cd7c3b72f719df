import { startEnvoy, type EnvoyInstance } from "@envoyscript/testkit";
import type { CommandIo } from "../command.ts";
import { assertPortsFree, type ListenerAddress } from "./port-probe.ts";
import { startupFailure } from "./startup-failure.ts";

/** Resolves when the process is asked to stop (Ctrl-C, SIGTERM, SIGHUP). */
export function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: string) => {
      for (const name of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.off(name, onSignal);
      resolve(signal);
    };
    for (const name of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(name, onSignal);
  });
}

/** What one `run` session starts Envoy with. */
export interface SessionConfig {
  readonly bootstrap: Record<string, unknown>;
  /** The bootstrap's static listeners: their ports are checked before Envoy starts, their URLs announced after. */
  readonly listeners: readonly ListenerAddress[];
  /** Add Envoy's log tail to a startup failure. */
  readonly verbose: boolean;
}

/**
 * Starts Envoy and reports where it listens. Refuses a listener port that is
 * taken; when Envoy fails to start, throws the reason (see
 * {@link startupFailure}) as soon as Envoy has exited.
 */
export async function startAndAnnounce(session: SessionConfig, io: CommandIo): Promise<EnvoyInstance> {
  await assertPortsFree(session.listeners);
  io.stderr("starting Envoy through func-e ...");
  let envoy: EnvoyInstance;
  try {
    envoy = await startEnvoy({ bootstrap: session.bootstrap, filters: [], upstreams: [] });
  } catch (error) {
    throw startupFailure(error, session.verbose, io.stderr);
  }
  for (const listener of session.listeners) io.stdout(`listener: ${listenerUrl(envoy, listener)}${session.listeners.length > 1 ? `   (${listener.name})` : ""}`);
  io.stdout(`admin:    ${envoy.adminUrl}   (stats: ${envoy.adminUrl}/stats/prometheus)`);
  io.stdout(`logs:     ${envoy.runDir}/stderr.log`);
  return envoy;
}

/** `http://<host>:<bound port>` of a listener; one bound to every address is reached on loopback. */
export function listenerUrl(envoy: EnvoyInstance, listener: ListenerAddress): string {
  const host = listener.address === "0.0.0.0" || listener.address === "::" ? "127.0.0.1" : listener.address.includes(":") ? `[${listener.address}]` : listener.address;
  return `http://${host}:${envoy.portOf(listener.name)}`;
}
