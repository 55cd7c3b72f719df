import { ScenarioError } from "./errors.ts";
import type { Backend, FilterSetup, ScenarioRequest, ScenarioResponse, TcpConversation } from "./types.ts";

/**
 * Headers a client sees from one backend only: added by Envoy's codec and
 * router (date, server, timing, framing, request ids), or by Node's fetch
 * client. They say nothing about the filter, so parity ignores them.
 */
export const HOST_HEADERS: ReadonlySet<string> = new Set([
  "date",
  "server",
  "x-envoy-upstream-service-time",
  "x-envoy-expected-rq-timeout-ms",
  "x-envoy-attempt-count",
  "x-forwarded-proto",
  "x-forwarded-for",
  "x-request-id",
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "host",
  "accept",
  "accept-language",
  "accept-encoding",
  "sec-fetch-mode",
  "user-agent",
]);

/** What a client and an operator can observe of one request, normalised across backends. */
export interface Observation {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** The response body; for the echo upstream, the echoed request without host headers. */
  readonly body: string;
  readonly upstream: { method: string; path: string; headers: Record<string, string>; body: string } | null;
  readonly reset: boolean;
}

export interface ParityReport {
  /** One line per difference, naming the request, the field and both values; empty when the backends agree. */
  readonly differences: string[];
  readonly observations: Readonly<Record<string, Observation[]>>;
  /** What the client saw of each TCP conversation, per backend. */
  readonly conversations: Readonly<Record<string, TcpConversation[]>>;
  readonly logs: Readonly<Record<string, string[]>>;
  readonly metrics: Readonly<Record<string, Record<string, number>>>;
}

export interface ParityOptions {
  /** Which filter log lines to compare. @default every line */
  readonly logFilter?: (line: string) => boolean;
  /** More headers to ignore besides {@link HOST_HEADERS}. */
  readonly ignoreHeaders?: readonly string[];
  /** Compare the filters' metrics. @default true */
  readonly compareMetrics?: boolean;
  /** TCP conversations through the setup's network filter, after the requests (each a list of chunks). */
  readonly tcpConversations?: readonly (readonly string[])[];
}

/**
 * Runs `requests` (then any TCP conversations) in order through `setup` on
 * each backend and reports every difference a client or an operator could
 * observe: status, headers both ways, body, resets, what came back over TCP,
 * the filters' logs and metrics. Refuses fewer than two distinct backends
 * (E_PARITY_NEEDS_TWO_BACKENDS): with one there is nothing to compare, and a
 * report without differences would mean nothing.
 */
export async function compareBackends(
  setup: FilterSetup,
  requests: readonly ScenarioRequest[],
  backends: readonly Backend[],
  options: ParityOptions = {},
): Promise<ParityReport> {
  const names = backends.map((backend) => backend.name);
  if (new Set(names).size < 2) {
    throw new ScenarioError(
      "E_PARITY_NEEDS_TWO_BACKENDS",
      `compareBackends needs two distinct backends to compare, got [${names.join(", ")}]: pass scenarioBackends() with real Envoy provisioned (unset ENVOYSCRIPT_SKIP_ENVOY), or [emulatorBackend, envoyBackend]`,
    );
  }
  const ignored = new Set([...HOST_HEADERS, ...(options.ignoreHeaders ?? [])]);
  const observations: Record<string, Observation[]> = {};
  const conversations: Record<string, TcpConversation[]> = {};
  const logs: Record<string, string[]> = {};
  const metrics: Record<string, Record<string, number>> = {};
  for (const backend of backends) {
    const target = await backend.start(setup);
    try {
      const seen: Observation[] = [];
      for (const request of requests) seen.push(normalise(await target.request(request), ignored));
      observations[backend.name] = seen;
      const talked: TcpConversation[] = [];
      for (const chunks of options.tcpConversations ?? []) talked.push(await target.tcpConversation(chunks));
      conversations[backend.name] = talked;
      logs[backend.name] = (await target.wasmLogs()).filter(options.logFilter ?? (() => true));
      metrics[backend.name] = Object.fromEntries(await target.metrics());
    } finally {
      await target.stop();
    }
  }
  const [first, ...others] = names;
  const differences: string[] = [];
  for (const other of others) {
    requests.forEach((request, index) => {
      const label = `request ${index} (${request.method ?? "GET"} ${request.path ?? "/"})`;
      differences.push(...diff(`${label}`, observations[first][index], observations[other][index], first, other));
    });
    differences.push(...diff("tcp conversations", conversations[first], conversations[other], first, other));
    differences.push(...diff("filter logs", logs[first], logs[other], first, other));
    if (options.compareMetrics !== false) differences.push(...diff("metrics", metrics[first], metrics[other], first, other));
  }
  return { differences, observations, conversations, logs, metrics };
}

function normalise(response: ScenarioResponse, ignored: ReadonlySet<string>): Observation {
  const upstream = response.upstream
    ? { method: response.upstream.method, path: response.upstream.path, headers: withoutHeaders(response.upstream.headers, ignored), body: response.upstream.body }
    : null;
  return {
    status: response.status,
    headers: withoutHeaders(response.headers, ignored),
    body: upstream ? "<echo>" : withEchoNormalised(response.body, ignored),
    upstream,
    reset: response.reset,
  };
}

/**
 * A body that embeds the echo upstream's JSON (a filter rewrote around it)
 * carries host-specific headers: normalise the embedded part too.
 */
function withEchoNormalised(body: string, ignored: ReadonlySet<string>): string {
  const start = body.indexOf('{"upstream":');
  if (start < 0) return body;
  for (let end = body.lastIndexOf("}"); end > start; end = body.lastIndexOf("}", end - 1)) {
    try {
      const echo = JSON.parse(body.slice(start, end + 1)) as { headers?: Record<string, string> };
      if (echo.headers) echo.headers = withoutHeaders(echo.headers, ignored);
      return `${body.slice(0, start)}${JSON.stringify(echo)}${body.slice(end + 1)}`;
    } catch {
      // not the end of the embedded JSON yet
    }
  }
  return body;
}

function withoutHeaders(headers: Readonly<Record<string, string>>, ignored: ReadonlySet<string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !ignored.has(name)).sort(([a], [b]) => a.localeCompare(b)));
}

/** Field-by-field differences between two JSON-like values. */
function diff(where: string, a: unknown, b: unknown, nameA: string, nameB: string): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((key) => diff(`${where}.${key}`, (a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], nameA, nameB));
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const length = Math.max(a.length, b.length);
    const found: string[] = [];
    for (let index = 0; index < length && found.length < 5; index++) found.push(...diff(`${where}[${index}]`, a[index], b[index], nameA, nameB));
    return found;
  }
  return [`${where}: ${nameA}=${JSON.stringify(a)} ${nameB}=${JSON.stringify(b)}`];
}
