import { TCP_LISTENER_NAME, type HttpFilter, type Upstream, type WasmFilter } from "../envoy/bootstrap.ts";
import { startEnvoy, type EnvoyInstance } from "../envoy/envoy-process.ts";
import { startUpstream, type UpstreamServer } from "../upstream/echo-server.ts";
import { startTcpEcho, type TcpEchoServer } from "../upstream/tcp-echo-server.ts";
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
  async start(setup: FilterSetup): Promise<ScenarioTarget> {
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
        request: (request) => sendThrough(envoy.listenerUrl, request ?? {}, (name) => upstreamNames.has(name)),
        tcpConversation: async (chunks) => {
          if (!tcp) throw new ScenarioError("E_NO_NETWORK_FILTER", "tcpConversation needs a setup with a networkFilter: add one (a wasm network filter) to the FilterSetup");
          return converse(envoy.portOf(TCP_LISTENER_NAME), chunks);
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
      throw error;
    }
  },
};

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
    return { status: 0, headers: {}, body: "", upstream: null, reset: true };
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => (headers[key] = value));
  return { status: response.status, headers, body, upstream: echoedUpstream(headers, body, isUpstream), reset: false };
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
