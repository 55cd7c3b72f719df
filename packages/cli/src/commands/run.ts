import { readFileSync } from "node:fs";
import type { EnvoyInstance, HttpFilter, NativeFilter } from "@envoyscript/testkit";
import { EXIT, type Command, type CommandIo } from "../command.ts";
import { emulateSidecarInbound } from "../istio/translate/emulate.ts";
import { parseRunArgs, type RunArgs } from "../run/filter-args.ts";
import { resolveUpstream, startAndAnnounce, stopSignal } from "../run/session.ts";
import { watchModules } from "../run/watch.ts";
import { watchTraps, withDebugBuilds } from "../run/debug-builds.ts";

export const runCommand: Command = {
  name: "run",
  summary: "run filters in a real Envoy (through func-e) in front of an echo upstream or a URL",
  usage: `Usage: envoyscript run --filter <module.wasm> [--config <file>] [--root-id <id>] [--fail-open] ... [options]

Starts Envoy through func-e with the given filters chained in order, in front of the echo
upstream (it answers with a JSON body holding the method, path, headers and body it received)
or --upstream <url>. Prints the listener and admin URLs once Envoy is ready.

Per filter (each applies to the --filter before it):
  --filter <module.wasm>  a proxy-wasm module; its root id defaults to the file name (hello.wasm: "hello")
  --config <file>         plugin configuration: the file's bytes are handed over as they are, JSON or not
  --root-id <id>          the plugin's root id
  --fail-open             let requests through when the VM fails (default: fail closed, 503)

Options:
  --plugin <file.yaml>    Istio WasmPlugin file(s): validated against Istio's CRD, ordered by phase and
                          priority, modules fetched (oci://, file://, https://) and configured as
                          Istio would (they run before any --filter)
  --istio-version <v>     the Istio release whose translation to follow (default: the pinned one)
  --upstream <url>        send requests to this URL's host and port instead of the echo upstream
  --port <n>              listener port (default 10000; 0 picks a free one)
  --debug                 run each --filter's debug build (x.wasm -> x.debug.wasm) and print every
                          trap with its AssemblyScript functions and file.ts:line
  --watch                 when a module's project sources change (assembly/**/*.ts next to its
                          envoyscript.json), rebuild it and restart Envoy; a module rebuilt by
                          another tool restarts Envoy too. A failed rebuild keeps the old module.
  -h, --help              show this help

Stops cleanly on Ctrl-C or SIGTERM.
Exit codes: 0 stopped by a signal, 1 Envoy failed to start (the log tail says why), 2 bad usage.`,
  async run(argv, io) {
    const args = parseRunArgs(argv);
    const { upstream, server } = await resolveUpstream(args.upstream);
    const wasmFilters = args.debug ? withDebugBuilds(args.filters) : args.filters;
    const filters: HttpFilter[] = [...(await pluginFilters(args, io)), ...wasmFilters.map((wasm) => ({ wasm }))];
    const options = { filters, upstreams: [upstream], listenerPort: args.port };
    let envoy: EnvoyInstance = await startAndAnnounce(options, io);
    io.stdout(`try:      curl -i ${envoy.listenerUrl}/`);
    const traps = args.debug ? watchTraps(() => envoy, wasmFilters, io) : null;
    const watcher = args.watch
      ? watchModules(
          args.filters.map((filter) => filter.module),
          {
            rebuilding: (projectDir) => io.stderr(`source changed: rebuilding ${projectDir}`),
            rebuildFailed: (_projectDir, error) => io.stderr(`rebuild failed, Envoy keeps the previous module:\n${error.message}`),
            reload: async () => {
              io.stderr("module changed: restarting Envoy");
              await envoy.stop();
              envoy = await startAndAnnounce(options, io);
            },
          },
        )
      : null;
    const signal = await stopSignal();
    io.stderr(`${signal}: stopping Envoy`);
    watcher?.close();
    traps?.stop();
    await envoy.stop();
    await server?.close();
    return EXIT.ok;
  },
};

/** The HTTP filters Istio would make of the --plugin WasmPlugin files. */
async function pluginFilters(args: RunArgs, io: CommandIo): Promise<HttpFilter[]> {
  if (args.plugins.length === 0) return [];
  const yaml = args.plugins.map((file) => readFileSync(file, "utf8")).join("\n---\n");
  const translation = await emulateSidecarInbound(yaml, { istioVersion: args.istioVersion });
  for (const skipped of translation.skipped) io.stderr(`skipped WasmPlugin ${skipped.plugin}: ${skipped.reason}`);
  for (const filter of translation.httpFilters) io.stderr(`WasmPlugin ${filter.name}: root_id "${filter.typed_config.config.root_id ?? ""}"`);
  return translation.httpFilters.map((native) => ({ native: native as unknown as NativeFilter }));
}
