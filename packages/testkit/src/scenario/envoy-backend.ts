import path from "node:path";
import { trapsInEnvoyLog } from "../debug/envoy-trap-log.ts";
import { FilterTrap } from "../debug/filter-trap.ts";
import { moduleOfFrames } from "../debug/module-symbols.ts";
import { TCP_LISTENER_NAME, type HttpFilter, type Upstream, type WasmFilter } from "../envoy/bootstrap.ts";
import { configurationRefusal } from "../envoy/configuration-refusal.ts";
import { EnvoyError } from "../envoy/errors.ts";
import { startEnvoy, type EnvoyInstance } from "../envoy/envoy-process.ts";
import { startUpstream, type UpstreamServer } from "../upstream/echo-server.ts";
import { startTcpEcho, type TcpEchoServer } from "../upstream/tcp-echo-server.ts";
import { moduleToRun } from "./debug-builds.ts";
import { ScenarioError } from "./errors.ts";
import { converse } from "./tcp-client.ts";
import type { Backend, ClusterHandler, FilterSetup, ScenarioRequest, ScenarioResponse, ScenarioTarget } from "./types.ts";

/** Envoy names metrics a wasm filter defines `wasmcustom.<name>` in /stats. */
const WASM_METRIC_PREFIX = "wasmcustom.";

/** The cluster of the TCP echo upstream behind a setup's network filter. */
const TCP_ECHO_CLUSTER = "tcp_echo";

/**
 * Runs a setup in a real Envoy started through func-e, with Node servers as
 * its upstreams (and a TCP echo server behind the network filter).
 */
export const envoyBackend: Backend = {
  name: "envoy",
  async start(given: FilterSetup): Promise<ScenarioTarget> {
    const setup = withModulesToRun(given);
    const servers: Array<UpstreamServer | TcpEchoServer> = [];
    try {
      const upstreams = setup.upstreams ?? { echo: "echo" };
      const clusters: Upstream[] = [];
      for (const [name, handler] of [...Object.entries(upstreams), ...Object.entries(setup.calloutClusters ?? {})]) {
        const server = await startCluster(name, handler);
        servers.push(server);
        clusters.push({ name, port: server.port });
      }
      for (const [name, address] of Object.entries(setup.grpcServers ?? {})) clusters.push({ name, ...hostAndPort(address), http2: true });
      let tcp: { filter: WasmFilter; upstream: Upstream } | undefined;
      if (setup.networkFilter) {
        const echo = await startTcpEcho();
        servers.push(echo);
        tcp = { filter: setup.networkFilter, upstream: { name: TCP_ECHO_CLUSTER, port: echo.port } };
      }
      const filters: HttpFilter[] = [...(setup.nativeFiltersBefore ?? []).map((native) => ({ native })), ...setup.filters.map((wasm) => ({ wasm }))];
      const envoy = await startEnvoy({
        filters,
        upstreams: clusters,
        tcp,
        clusterHeader: setup.clusterHeader,
        perConnectionBufferLimitBytes: setup.bufferLimitBytes,
        node: setup.nodeMetadata ? { metadata: setup.nodeMetadata } : undefined,
      });
      const upstreamNames = new Set(Object.keys(upstreams));
      return {
        backend: "envoy",
        request: async (request) => {
          const logMark = envoy.logs().length;
          const response = await sendThrough(envoy.listenerUrl, request ?? {}, (name) => upstreamNames.has(name));
          if (!mayBeTrap(response)) return response;
          return { ...response, trap: await loggedTrap(envoy, logMark, setup.filters, request ?? {}) };
        },
        tcpConversation: async (chunks) => {
          if (!tcp) throw new ScenarioError("E_NO_NETWORK_FILTER", "tcpConversation needs a setup with a networkFilter: add one (a wasm network filter) to the FilterSetup");
          return converse(envoy.portOf(TCP_LISTENER_NAME), chunks);
        },
        passTime: async (ms) => {
          if (!(ms >= 0)) throw new RangeError(`passTime(${ms}): the amount must be a non-negative number of milliseconds`);
          await new Promise((resolve) => setTimeout(resolve, ms));
        },
        wasmLogs: () => settledWasmLogs(envoy),
        metrics: async () => {
          const result = new Map<string, number>();
          for (const [name, value] of await envoy.stats("^wasmcustom\\.")) {
            if (name.startsWith(WASM_METRIC_PREFIX)) result.set(name.slice(WASM_METRIC_PREFIX.length), value);
          }
          return result;
        },
        stop: async () => {
          await envoy.stop();
          await Promise.all(servers.map((server) => server.close()));
        },
      };
    } catch (error) {
      await Promise.all(servers.map((server) => server.close()));
      throw (error instanceof EnvoyError && error.code === "E_ENVOY_EXITED" && configurationRefusal(error.log, `Envoy's log: ${error.logFile}`)) || error;
    }
  },
};

/** The setup with each filter's module as it runs (its debug build under ENVOYSCRIPT_DEBUG_BUILDS=1). */
function withModulesToRun(setup: FilterSetup): FilterSetup {
  const run = (filter: WasmFilter): WasmFilter => ({ ...filter, module: moduleToRun(filter.module) });
  return { ...setup, filters: setup.filters.map(run), networkFilter: setup.networkFilter && run(setup.networkFilter) };
}

async function startCluster(name: string, handler: ClusterHandler | "echo"): Promise<UpstreamServer> {
  if (handler === "echo") return startUpstream(name);
  const server: UpstreamServer = await startUpstream(name, async (_request, _body, response) => {
    const reply = await handler(server.received.at(-1)!);
    const body = Buffer.from(reply.body ?? "");
    response.writeHead(reply.status, { "x-upstream": name, "content-length": body.length, ...(reply.headers ?? {}) });
    response.end(body);
  });
  return server;
}

function hostAndPort(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(":");
  const port = Number(address.slice(colon + 1));
  if (colon < 0 || !Number.isInteger(port) || port <= 0) throw new TypeError(`grpcServers: "${address}" is not host:port (e.g. "127.0.0.1:50051")`);
  return { host: address.slice(0, colon), port };
}

async function sendThrough(baseUrl: string, request: ScenarioRequest, isUpstream: (name: string) => boolean): Promise<ScenarioResponse> {
  let response: Response;
  let body: string;
  try {
    response = await fetch(`${baseUrl}${request.path ?? "/"}`, {
      method: request.method ?? "GET",
      headers: request.headers as Record<string, string> | undefined,
      body: request.body,
      redirect: "manual",
    });
    body = await response.text();
  } catch (error) {
    if (!wasReset(error)) throw error;
    return { status: 0, headers: {}, body: "", upstream: null, reset: true, trap: null };
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => (headers[key] = value));
  return { status: response.status, headers, body, upstream: echoedUpstream(headers, body, isUpstream), reset: false, trap: null };
}

/** A trapped filter fails the request closed: a reset, or Envoy's 503 without a body (a filter's own 503 has one). */
function mayBeTrap(response: ScenarioResponse): boolean {
  return response.reset || (response.status === 503 && response.body === "");
}

/** How long such a response waits for a trap to reach Envoy's log file (func-e copies Envoy's stderr there). */
const TRAP_LOG_WAIT_MS = 1_000;

/**
 * The last trap in Envoy's log since `logMark` (a trap fails the request
 * with a 503 or a reset), symbolized from the module that trapped: the only
 * one, or the one whose names are those of the backtrace.
 */
async function loggedTrap(envoy: EnvoyInstance, logMark: number, filters: readonly WasmFilter[], request: ScenarioRequest): Promise<FilterTrap | null> {
  const deadline = Date.now() + TRAP_LOG_WAIT_MS;
  let trap = trapsInEnvoyLog(envoy.logs().slice(logMark)).at(-1);
  while (!trap && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    trap = trapsInEnvoyLog(envoy.logs().slice(logMark)).at(-1);
  }
  if (!trap) return null;
  const module = moduleOfFrames(trap.frames, [...new Set(filters.map((filter) => path.resolve(filter.module)))])!;
  return new FilterTrap({ module, during: trap.during, reason: trap.reason, abort: trap.abort, frames: trap.frames, request });
}

/** Envoy reset the stream: on HTTP/1.1 it closes the connection before (the rest of) the response. */
function wasReset(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code === "UND_ERR_SOCKET" || cause?.code === "ECONNRESET";
}

/** The echo upstream marks its answers with `x-upstream`; anything else was answered before the upstream. */
function echoedUpstream(headers: Record<string, string>, body: string, isUpstream: (name: string) => boolean): ScenarioResponse["upstream"] {
  const name = headers["x-upstream"];
  if (name === undefined || !isUpstream(name)) return null;
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
}

/**
 * Envoy writes what a filter logs in proxy_on_log / proxy_on_delete just
 * after the client got its response: read the log once it stops growing
 * (polled, at most about a second), so a test sees every line of the
 * requests it already sent.
 */
async function settledWasmLogs(envoy: EnvoyInstance): Promise<string[]> {
  let logs = envoy.wasmLogs();
  for (let round = 0; round < 40; round++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    const again = envoy.wasmLogs();
    if (again.length === logs.length) return again;
    logs = again;
  }
  return logs;
}
