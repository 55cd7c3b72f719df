import path from "node:path";
import {
  type CalloutRequest,
  type CalloutResponse,
  echoUpstream,
  type ExchangeResult,
  type FilterChain,
  Host,
  type Plugin,
  type UpstreamHandler,
  type UpstreamRequest,
  type UpstreamResponse,
  type Vm,
} from "../emulator/index.ts";
import { framesOfJsStack } from "../debug/backtrace.ts";
import { FilterTrap } from "../debug/filter-trap.ts";
import type { LogEntry } from "../emulator/index.ts";
import type { WasmFilter } from "../envoy/bootstrap.ts";
import type { EchoedRequest } from "../upstream/echo-server.ts";
import { moduleToRun } from "./debug-builds.ts";
import { ScenarioError } from "./errors.ts";
import type { Backend, ClusterHandler, FilterSetup, ScenarioRequest, ScenarioResponse, ScenarioTarget, TcpConversation } from "./types.ts";

/**
 * Runs a setup in the in-process emulator, shaped like the real-Envoy
 * backend: the same VM ids (one VM per module and vm id, as Envoy shares
 * them), the same log level (Envoy runs with wasm:debug), echo upstreams that
 * mark their answers with `x-upstream`, routes by the cluster header, gRPC
 * forwarded to the setup's real gRPC servers, a TCP echo behind the network
 * filter. It refuses native filters (E_EMULATOR_UNSUPPORTED): it runs wasm
 * only, and leaving them out silently would test another chain.
 */
export const emulatorBackend: Backend = {
  name: "emulator",
  async start(setup: FilterSetup): Promise<ScenarioTarget> {
    const { host, chain, networkPlugin, modules } = await loadEmulatedChain(setup);
    const plugins = networkPlugin ? [...chain.plugins, networkPlugin] : chain.plugins;
    const upstreams = Object.entries(setup.upstreams ?? { echo: "echo" as const }).map(([name, handler]) => [name, upstreamHandler(name, handler)] as const);
    const byName = Object.fromEntries(upstreams);
    const fallback = upstreams[0][1];
    return {
      backend: "emulator",
      request: async (request) => {
        const failedBefore = new Set(plugins.filter((plugin) => plugin.failed).map((plugin) => plugin.vm));
        const logMark = host.logs.entries.length;
        const result = await chain.request(requestInput(request ?? {}), {
          upstream: fallback,
          routes: setup.clusterHeader ? { header: setup.clusterHeader, upstreams: byName } : undefined,
        });
        // The plugin's VM now, which may be one FAIL_RELOAD made as the request started.
        const trapped = result.trapped ? plugins.find((plugin) => plugin.failed && !failedBefore.has(plugin.vm)) : undefined;
        const trap = trapped ? emulatedTrap(trapped, modules.get(trapped)!, host.logs.entries.slice(logMark), request ?? {}) : null;
        return response(result, trap);
      },
      passTime: async (ms) => {
        host.clock.advance(ms);
        await host.dispatcher.settled();
      },
      tcpConversation: async (chunks) => {
        if (!networkPlugin) throw new ScenarioError("E_NO_NETWORK_FILTER", "tcpConversation needs a setup with a networkFilter: add one (a wasm network filter) to the FilterSetup");
        return converse(networkPlugin, chunks);
      },
      wasmLogs: async () => host.logs.messages(),
      metrics: async () => new Map(host.metrics.all().filter((metric) => metric.type !== "histogram").map((metric) => [metric.name, metric.value])),
      stop: async () => host.close(),
    };
  },
};

/**
 * An emulated Envoy with the setup's filters loaded and configured, as the
 * real-Envoy backend would run them: one VM per module and vm id, shared by
 * the HTTP filters and the network filter. `vms` are the VMs loaded (a VM
 * that FAIL_RELOAD made later is its plugin's `vm`); `modules` says which
 * module each plugin runs.
 */
export async function loadEmulatedChain(
  setup: FilterSetup,
): Promise<{ host: Host; chain: FilterChain; vms: Vm[]; networkPlugin: Plugin | null; modules: ReadonlyMap<Plugin, string> }> {
  if (setup.nativeFiltersBefore?.length) {
    const names = setup.nativeFiltersBefore.map((filter) => filter.name).join(", ");
    throw new ScenarioError(
      "E_EMULATOR_UNSUPPORTED",
      `the emulator runs wasm filters only and cannot run nativeFiltersBefore (${names}): run this setup on envoyBackend, or give the emulator what the native filter leaves behind (e.g. its dynamic metadata as a property override)`,
    );
  }
  const host = new Host({
    logLevel: "debug",
    bufferLimitBytes: setup.bufferLimitBytes,
    node: setup.nodeMetadata ? { metadata: setup.nodeMetadata as never } : undefined,
    clusters: Object.fromEntries(Object.entries(setup.calloutClusters ?? {}).map(([name, handler]) => [name, calloutHandler(handler)])),
    grpcServices: { ...setup.grpcServers },
  });
  const vms = new Map<string, Vm>();
  const modules = new Map<Plugin, string>();
  const configure = async (filter: WasmFilter): Promise<Plugin> => {
    const module = path.resolve(moduleToRun(filter.module));
    const vmId = filter.vmId ?? module;
    let vm = vms.get(vmId);
    if (!vm) {
      vm = await host.loadVm({ wasm: module, vmId, vmConfiguration: filter.vmConfiguration, environment: filter.environment });
      vms.set(vmId, vm);
    }
    const plugin = vm.configurePlugin({
      name: filter.name ?? filter.rootId,
      rootId: filter.rootId ?? "",
      configuration: typeof filter.configuration === "object" ? JSON.stringify(filter.configuration) : filter.configuration,
      failurePolicy: filter.failurePolicy,
      reloadBackoffMs: filter.reloadBackoffMs,
    });
    modules.set(plugin, module);
    return plugin;
  };
  const plugins: Plugin[] = [];
  for (const filter of setup.filters) plugins.push(await configure(filter));
  const networkPlugin = setup.networkFilter ? await configure(setup.networkFilter) : null;
  return { host, chain: host.chain(plugins), vms: [...vms.values()], networkPlugin, modules };
}

/**
 * The client's TCP conversation (tcp-client.ts) through a network filter to
 * an echo upstream, as Envoy's tcp_proxy carries it: each chunk, the echo of
 * what reached the upstream, then the client's close, the upstream's, and
 * the connection's end.
 */
function converse(plugin: Plugin, chunks: readonly string[]): TcpConversation {
  const connection = plugin.tcpConnection();
  let reply = "";
  const echo = (): void => {
    const reached = connection.toUpstream.take();
    if (reached.length > 0 && !connection.closed) connection.sendFromUpstream(reached);
    reply += Buffer.from(connection.toDownstream.take()).toString("utf8");
  };
  for (const chunk of chunks) {
    if (connection.closed) break;
    connection.sendFromDownstream(chunk);
    echo();
  }
  const closedByProxy = connection.closed;
  if (!closedByProxy) {
    connection.sendFromDownstream("", true);
    echo();
    connection.sendFromUpstream("", true);
    echo();
    connection.closeDownstream("remote");
  }
  return { reply, closedByProxy };
}

function requestInput(request: ScenarioRequest) {
  const headers = { ...(request.headers ?? {}) };
  const authority = headers.host ?? headers[":authority"] ?? "localhost";
  delete headers.host;
  return { method: request.method ?? "GET", path: request.path ?? "/", authority, headers, body: request.body };
}

function response(result: ExchangeResult, trap: FilterTrap | null): ScenarioResponse {
  return { status: result.status, headers: result.headers, body: result.body, upstream: echoed(result), reset: result.reset, trap };
}

/** The trap of `plugin`'s VM during this request, symbolized from its module, with what the SDK's abort logged just before. */
function emulatedTrap(plugin: Plugin, module: string, logged: readonly LogEntry[], request: ScenarioRequest): FilterTrap {
  const vm = plugin.vm;
  const failure = vm.failure!;
  const abort = logged.findLast((entry) => entry.vmId === vm.vmId && entry.level === "critical" && entry.message.startsWith("abort: "));
  return new FilterTrap({ module, during: failure.during, reason: failure.message, abort: abort?.message ?? null, frames: framesOfJsStack(failure.stack), request });
}

/** What the echo upstream reported, as the Envoy backend reads it from the echo server's answer. */
function echoed(result: ExchangeResult): EchoedRequest | null {
  if (!result.upstreamRequest || result.localReply) return null;
  try {
    return JSON.parse(result.body) as EchoedRequest;
  } catch {
    return null;
  }
}

function upstreamHandler(name: string, handler: ClusterHandler | "echo"): UpstreamHandler {
  if (handler === "echo") {
    return (request: UpstreamRequest): UpstreamResponse => {
      const echo = echoUpstream(request) as UpstreamResponse;
      const body = JSON.stringify({ upstream: name, ...JSON.parse(String(echo.body)) });
      return { status: 200, headers: { "content-type": "application/json", "x-upstream": name }, body };
    };
  }
  return async (request: UpstreamRequest): Promise<UpstreamResponse> => {
    const reply = await handler(asEchoed(name, request));
    return { status: reply.status, headers: { "x-upstream": name, ...(reply.headers ?? {}) }, body: reply.body ?? "" };
  };
}

function calloutHandler(handler: ClusterHandler) {
  return async (request: CalloutRequest): Promise<CalloutResponse> => {
    const reply = await handler({ upstream: "", method: request.method, path: request.path, headers: request.headers, body: request.body });
    return { status: reply.status, headers: reply.headers, body: reply.body ?? "" };
  };
}

function asEchoed(name: string, request: UpstreamRequest): EchoedRequest {
  return { upstream: name, method: request.method, path: request.path, headers: request.headers, body: request.body };
}
