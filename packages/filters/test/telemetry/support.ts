// Shared by the telemetry tests: the module, configuration builders, an Envoy
// started with the filter's tag rules, and decoding of the label encoding.
import { connect } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildBootstrap, startEnvoy, startUpstream, type EnvoyInstance, type UpstreamHandler, type UpstreamServer, type WasmFilter } from "@envoyscript/testkit";
import { telemetryStatsTags } from "../../src/index.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
export const MODULE = path.join(here, "..", "..", "build", "telemetry.wasm");
export const ROOT_ID = "telemetry";
export const ACCESS_LOG_PREFIX = "telemetry-access-log: ";

export function telemetry(configuration: object): WasmFilter {
  return { module: MODULE, rootId: ROOT_ID, configuration };
}

/** The access-log lines among wasm log messages, parsed (throws if one is not JSON). */
export function accessLogLines(messages: readonly string[]): Record<string, unknown>[] {
  return messages.filter((line) => line.startsWith(ACCESS_LOG_PREFIX)).map((line) => JSON.parse(line.slice(ACCESS_LOG_PREFIX.length)) as Record<string, unknown>);
}

/** A flat wasm metric name (`label=.=value;.;...;.;metric`) split into metric and labels. */
export function decodeSeriesName(name: string): { metric: string; labels: Record<string, string> } {
  const labels: Record<string, string> = {};
  let rest = name;
  for (;;) {
    const match = /^([a-z_][a-z0-9_]*)=\.=([^;]*);\.;/.exec(rest);
    if (!match) break;
    labels[match[1]!] = match[2]!;
    rest = rest.slice(match[0].length);
  }
  return { metric: rest, labels };
}

/** Sum of the metric values whose decoded name is `metric` and whose labels include `labels`. */
export function sumSeries(metrics: Map<string, number>, metric: string, labels: Record<string, string>): number {
  let total = 0;
  for (const [name, value] of metrics) {
    const decoded = decodeSeriesName(name);
    if (decoded.metric === metric && Object.entries(labels).every(([key, wanted]) => decoded.labels[key] === wanted)) total += value;
  }
  return total;
}

export interface TaggedEnvoy {
  readonly envoy: EnvoyInstance;
  readonly upstream: UpstreamServer;
  stop(): Promise<void>;
}

/**
 * Real Envoy with the filter, the tag rules from telemetryStatsTags, and
 * stats flushed on every admin request (histograms are merged from the
 * workers at flush time; without this /stats/prometheus lags by up to 5 s).
 */
export async function startTaggedEnvoy(configuration: object, handler?: UpstreamHandler, routes?: Record<string, unknown>[]): Promise<TaggedEnvoy> {
  const upstream = await startUpstream("backend", handler);
  try {
    const options = {
      filters: [{ wasm: telemetry(configuration) }],
      upstreams: [{ name: "backend", port: upstream.port }],
      routes,
      statsConfig: { stats_tags: telemetryStatsTags(configuration) },
    };
    const envoy = await startEnvoy({ ...options, bootstrap: { ...buildBootstrap(options), stats_flush_on_admin: true } });
    return { envoy, upstream, stop: async () => { await envoy.stop(); await upstream.close(); } };
  } catch (error) {
    await upstream.close();
    throw error;
  }
}

/** A route Envoy answers itself (no upstream round trip): for request floods. */
export function directResponseRoute(prefix: string): Record<string, unknown> {
  return { match: { prefix }, direct_response: { status: 200, body: { inline_string: "ok" } } };
}

/**
 * Sends GET requests to `path` (answered by a direct-response route with the
 * body "ok"), each with its own headers, over `connections` keep-alive
 * connections in parallel, one request in flight per connection (Envoy does
 * not pipeline). Much cheaper than one fetch each. Resolves with the number
 * of 200 answers.
 */
export async function flood(port: number, requests: readonly Record<string, string>[], path: string, connections: number): Promise<number> {
  let next = 0;
  const counts = await Promise.all(Array.from({ length: connections }, () => sendSequentially(port, path, () => (next < requests.length ? requests[next++]! : undefined))));
  return counts.reduce((total, count) => total + count, 0);
}

function sendSequentially(port: number, path: string, take: () => Record<string, string> | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let ok = 0;
    let buffered = "";
    const sendNext = (): void => {
      const headers = take();
      if (headers === undefined) {
        socket.end();
        return resolve(ok);
      }
      socket.write(`GET ${path} HTTP/1.1\r\nhost: test\r\n${Object.entries(headers).map(([key, value]) => `${key}: ${value}\r\n`).join("")}\r\n`, "latin1");
    };
    socket.setEncoding("latin1");
    socket.on("connect", sendNext);
    socket.on("data", (chunk: string) => {
      buffered += chunk;
      const end = buffered.indexOf("\r\n\r\nok");
      if (end < 0) return;
      if (buffered.startsWith("HTTP/1.1 200")) ok++;
      buffered = buffered.slice(end + 6);
      sendNext();
    });
    socket.on("error", reject);
  });
}
