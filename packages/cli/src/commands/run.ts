import { readFileSync } from "node:fs";
import type { EnvoyInstance, HttpFilter, NativeFilter } from "@envoyscript/testkit";
import { EXIT, type Command, type CommandIo } from "../command.ts";
import type { ProxyTranslation } from "../istio/translate/emulate.ts";
import { watchTraps, withDebugBuilds } from "../run/debug-builds.ts";
import { parseRunArgs, type RunArgs } from "../run/filter-args.ts";
import { runSession } from "../run/run-bootstrap.ts";
import { firstListenerUrl, startAndAnnounce, stopSignal } from "../run/session.ts";
import { startRunUpstreams } from "../run/upstreams.ts";
import { watchModules } from "../run/watch.ts";

export const runCommand: Command = {
  name: "run",
  summary: "run filters in a real Envoy (through func-e) in front of an echo upstream or your own upstreams",
  usage: `Usage: envoyscript run --filter <module.wasm> [--config <file>] [--root-id <id>] [--failure-policy <p>] ... [options]

Starts Envoy through func-e with the given filters chained in order on one listener, in front of
the echo upstream (it answers with a JSON body holding the method, path, headers and body it
received) or the --upstream URLs. Prints the listener and admin URLs once Envoy is ready.

Per filter (each applies to the --filter before it):
  --filter <module.wasm>  a proxy-wasm module; its root id defaults to the file name (hello.wasm: "hello")
  --config <file>         plugin configuration: the file's bytes are handed over as they are, JSON or not
  --root-id <id>          the plugin's root id
  --failure-policy <p>    what requests get once the VM trapped (Envoy's failure_policy): closed (the
                          default: 503), open (passed unfiltered), reload (503 until the 1 s backoff
                          since the VM's last load has passed, then a new VM serves)

Upstreams and routing:
  --upstream [<name>=]<url>
                          an upstream cluster named <name> (default "upstream") sending plain HTTP to
                          the URL's host and port; repeatable. The first is the default route.
  --route-header <name>   a request carrying this header goes to the cluster it names (default
                          x-route-destination, routing-headers' destinationHeader)
  Clusters: each --upstream under its name, the echo upstream as "echo" (the default route when
  there is no --upstream), and each of them also under Istio's name for its host and port,
  "outbound|<port>||<host>", the cluster jwt-authz calls for a jwksUri without jwksCluster.
  The telemetry filter of @envoyscript/filters gets stats tag rules made from its --config, so
  /stats/prometheus shows its labels (response_code, each custom dimension, ...) as labels.

Options:
  --plugin <file.yaml>    Istio WasmPlugin or TrafficExtension file(s): validated as the API server
                          would, ordered by phase and priority, modules fetched (oci://, file://,
                          https://; imagePullSecret from a kubernetes.io/dockerconfigjson Secret in
                          the files) and configured as Istio would (HTTP ones run before any
                          --filter; type NETWORK ones go before the HTTP connection manager)
  --istio-version <v>     the Istio release whose translation to follow (default: the pinned one)
  --pull-secret <name>=<config.json>
                          a Docker config.json standing in for the Secret a plugin's imagePullSecret
                          names (beside Secrets in the --plugin files); repeatable
  --workload-port <n>     the application port this Envoy stands in front of, as a sidecar's
                          inbound listener: plugins whose match[].ports leave it out are skipped
                          (default: no port, every plugin matches)
  --gateway <name>        build the listener of the Gateway API gateway <name> instead of a sidecar's:
                          plugins attach by targetRefs naming it (or by selector), match[] sees
                          CLIENT traffic, --workload-port is the gateway's listener port
  --envoy-config <file>   run your own Envoy bootstrap (YAML or JSON) instead: the filters are inserted
                          before the router of every HTTP connection manager of its static listeners;
                          its listeners, routes and clusters are used as they are (no --upstream, --port)
  --port <n>              listener port (default 10000; 0 picks a free one). A port already in use,
                          by another envoyscript run, an Envoy or any server, is refused.
  --debug                 run each --filter's debug build (x.wasm -> x.debug.wasm) and print every
                          trap with its AssemblyScript functions and file.ts:line
  --watch                 when a module's project sources change (assembly/**/*.ts next to its
                          envoyscript.json), rebuild it and restart Envoy; a module rebuilt by
                          another tool restarts Envoy too. A failed rebuild keeps the old module.
  --verbose               when Envoy fails to start, add its log tail to the reason
  -h, --help              show this help

When Envoy cannot start, run exits at once with the reason: a missing or non-wasm module, a port in
use, Envoy's own error, or a configuration a filter refused (the filter's line printed first).
Stops cleanly on Ctrl-C or SIGTERM (Envoy and the echo upstream with it).
Exit codes: 0 stopped by a signal, 1 Envoy failed to start (the reason is printed), 2 bad usage.`,
  async run(argv, io) {
    const args = parseRunArgs(argv);
    // Plugins first: a refused or unreachable module ends the command before anything is started.
    const plugins = await pluginFilters(args, io);
    const wasmFilters = args.debug ? withDebugBuilds(args.filters) : args.filters;
    const filters: HttpFilter[] = [...plugins.httpFilters.map((native) => ({ native: native as NativeFilter })), ...wasmFilters.map((wasm) => ({ wasm }))];
    const upstreams = args.envoyConfig === null ? await startRunUpstreams(args.upstreams) : null;
    try {
      const session = await runSession(args, filters, plugins.networkFilters as NativeFilter[], upstreams);
      let envoy: EnvoyInstance = await startAndAnnounce(session, io);
      const first = firstListenerUrl(envoy, session);
      if (first) io.stdout(`try:      curl -i ${first}/`);
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
                try {
                  envoy = await startAndAnnounce(session, io);
                } catch (error) {
                  io.stderr(`Envoy did not restart: ${(error as Error).message}\nwaiting for the next change (Ctrl-C to stop)`);
                }
              },
            },
          )
        : null;
      const signal = await stopSignal();
      io.stderr(`${signal}: stopping Envoy`);
      watcher?.close();
      traps?.stop();
      await envoy.stop();
      return EXIT.ok;
    } finally {
      await upstreams?.echo.close();
    }
  },
};

/** What Istio would make of the --plugin files for a sidecar's inbound listener, or a Gateway API gateway's (every selector matches). */
async function pluginFilters(args: RunArgs, io: CommandIo): Promise<Pick<ProxyTranslation, "httpFilters" | "networkFilters">> {
  if (args.plugins.length === 0) return { httpFilters: [], networkFilters: [] };
  // Loaded on demand: Istio's translation is the larger part of the CLI and most runs have no --plugin.
  const { emulateProxy } = await import("../istio/translate/emulate.ts");
  const yaml = args.plugins.map((file) => readFileSync(file, "utf8")).join("\n---\n");
  const workload = args.gateway !== undefined ? { kind: "gateway" as const, gatewayName: args.gateway, port: args.workloadPort } : args.workloadPort === undefined ? {} : { traffic: "inbound" as const, port: args.workloadPort };
  const translation = await emulateProxy(yaml, {
    istioVersion: args.istioVersion,
    workload,
    pullSecrets: args.pullSecrets,
    validation: { progress: (line) => io.stderr(line) },
  });
  for (const skipped of translation.skipped) io.stderr(`skipped ${skipped.extension}: ${skipped.reason}`);
  for (const module of translation.modules) io.stderr(`${module.extension}: module ${module.url} (${module.source})`);
  for (const filter of [...translation.networkFilters, ...translation.httpFilters]) io.stderr(`filter ${filter.name}`);
  return translation;
}
