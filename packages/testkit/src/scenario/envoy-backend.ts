import { startEnvoy, type EnvoyInstance } from "../envoy/envoy-process.ts";
import type { HttpFilter } from "../envoy/bootstrap.ts";
import { startUpstream, type UpstreamServer } from "../upstream/echo-server.ts";
import type { Backend, ClusterHandler, FilterSetup, ScenarioRequest, ScenarioResponse, ScenarioTarget } from "./types.ts";

/** Envoy names metrics a wasm filter defines `wasmcustom.<name>` in /stats. */
const WASM_METRIC_PREFIX = "wasmcustom.";

/** Runs a setup in a real Envoy started through func-e, with Node servers as its upstreams. */
export const envoyBackend: Backend = {
  name: "envoy",
  async start(setup: FilterSetup): Promise<ScenarioTarget> {
    const servers: UpstreamServer[] = [];
    try {
      const upstreams = setup.upstreams ?? { echo: "echo" };
      for (const [name, handler] of Object.entries(upstreams)) servers.push(await startCluster(name, handler));
      for (const [name, handler] of Object.entries(setup.calloutClusters ?? {})) servers.push(await startCluster(name, handler));
      const filters: HttpFilter[] = [...(setup.nativeFiltersBefore ?? []).map((native) => ({ native })), ...setup.filters.map((wasm) => ({ wasm }))];
      const envoy = await startEnvoy({
        filters,
        upstreams: servers.map((server) => ({ name: server.name, port: server.port })),
        clusterHeader: setup.clusterHeader,
        perConnectionBufferLimitBytes: setup.bufferLimitBytes,
        node: setup.nodeMetadata ? { metadata: setup.nodeMetadata } : undefined,
      });
      const upstreamNames = new Set(Object.keys(upstreams));
      return {
        backend: "envoy",
        request: (request) => sendThrough(envoy.listenerUrl, request ?? {}, (name) => upstreamNames.has(name)),
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

async function sendThrough(baseUrl: string, request: ScenarioRequest, isUpstream: (name: string) => boolean): Promise<ScenarioResponse> {
  const response = await fetch(`${baseUrl}${request.path ?? "/"}`, {
    method: request.method ?? "GET",
    headers: request.headers as Record<string, string> | undefined,
    body: request.body,
    redirect: "manual",
  });
  const body = await response.text();
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => (headers[key] = value));
  return { status: response.status, headers, body, upstream: echoedUpstream(headers, body, isUpstream) };
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
