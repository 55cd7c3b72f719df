import { startEnvoy, startUpstream, type EnvoyInstance, type StartEnvoyOptions, type UpstreamServer } from "@envoyscript/testkit";
import type { CommandIo } from "../command.ts";

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

/** An upstream for `run`: the echo server, or a given URL's host and port. */
export async function resolveUpstream(url: string | null): Promise<{ upstream: { name: string; port: number; host: string }; server: UpstreamServer | null }> {
  if (url === null) {
    const server = await startUpstream("echo");
    return { upstream: { name: "echo", port: server.port, host: "127.0.0.1" }, server };
  }
  const parsed = new URL(url);
  const port = Number(parsed.port || (parsed.protocol === "https:" ? 443 : 80));
  return { upstream: { name: "upstream", port, host: parsed.hostname }, server: null };
}

/** Starts Envoy and reports where it listens. */
export async function startAndAnnounce(options: StartEnvoyOptions, io: CommandIo): Promise<EnvoyInstance> {
  io.stderr("starting Envoy through func-e ...");
  const envoy = await startEnvoy(options);
  io.stdout(`listener: ${envoy.listenerUrl}`);
  io.stdout(`admin:    ${envoy.adminUrl}   (stats: ${envoy.adminUrl}/stats/prometheus)`);
  io.stdout(`logs:     ${envoy.runDir}/stderr.log`);
  return envoy;
}
