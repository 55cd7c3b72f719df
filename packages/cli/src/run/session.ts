import { buildBootstrap, startEnvoy, type EnvoyInstance, type StartEnvoyOptions } from "@envoyscript/testkit";
import type { CommandIo } from "../command.ts";
import { listenerAddresses } from "./envoy-config.ts";
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

/** Envoy for a `run` session (or a tool built on the CLI, such as the demo). */
export interface RunEnvoyOptions extends StartEnvoyOptions {
  /** When Envoy fails to start, add its log tail to the reason. @default false */
  readonly verbose?: boolean;
}

/**
 * Starts Envoy and reports where it listens. Refuses a listener port that is
 * taken; when Envoy fails to start, throws the reason (see
 * {@link startupFailure}) as soon as Envoy has exited.
 */
export async function startAndAnnounce(options: RunEnvoyOptions, io: CommandIo): Promise<EnvoyInstance> {
  const bootstrap = options.bootstrap ?? buildBootstrap(options);
  const listeners = listenerAddresses(bootstrap);
  await assertPortsFree(listeners);
  io.stderr("starting Envoy through func-e ...");
  let envoy: EnvoyInstance;
  try {
    envoy = await startEnvoy({ ...options, bootstrap });
  } catch (error) {
    throw startupFailure(error, options.verbose ?? false, io.stderr);
  }
  for (const listener of listeners) io.stdout(`listener: ${listenerUrl(envoy, listener)}${listeners.length > 1 ? `   (${listener.name})` : ""}`);
  io.stdout(`admin:    ${envoy.adminUrl}   (stats: ${envoy.adminUrl}/stats/prometheus)`);
  io.stdout(`logs:     ${envoy.runDir}/stderr.log`);
  return envoy;
}

/** The first listener's URL, where to send a first request; null for a bootstrap without a socket listener. */
export function firstListenerUrl(envoy: EnvoyInstance, options: RunEnvoyOptions): string | null {
  const [first] = listenerAddresses(options.bootstrap ?? buildBootstrap(options));
  return first ? listenerUrl(envoy, first) : null;
}

/** `http://<host>:<bound port>` of a listener; one bound to every address is reached on loopback. */
function listenerUrl(envoy: EnvoyInstance, listener: ListenerAddress): string {
  const host = listener.address === "0.0.0.0" || listener.address === "::" ? "127.0.0.1" : listener.address.includes(":") ? `[${listener.address}]` : listener.address;
  return `http://${host}:${envoy.portOf(listener.name)}`;
}
