/**
 * Matchers for vitest and jest that read the same on both backends:
 * `toHaveStatus` and `toHaveHeader` on a response, `toHaveMetric` and
 * `toHaveLogged` on a started target (or on what `metrics()` / `wasmLogs()`
 * returned). A failure message carries the filter's trap report when the
 * request trapped, so a trap is never just "expected 503 to be 200".
 *
 * On a target they are asynchronous (`await expect(target).toHaveMetric(...)`):
 * Envoy counts and logs what a filter does in `onLog` just after the client
 * got its response, so a positive assertion polls for up to
 * SETTLE_TIMEOUT_MS; a negated one reads once.
 */
import type { ScenarioResponse, ScenarioTarget } from "../scenario/types.ts";

/** How long a matcher on a target waits for a metric or log line to show. */
export const SETTLE_TIMEOUT_MS = 2_000;

/** What vitest and jest both hand a matcher as `this`. */
interface MatcherState {
  readonly isNot: boolean;
}

interface MatcherResult {
  pass: boolean;
  message: () => string;
}

/** The matchers' signatures, for both runners' `expect` types. */
export interface EnvoyscriptMatchers<R = unknown> {
  /** The response has this status (0 for a reset stream). */
  toHaveStatus(status: number): R;
  /** The response has this header (name case-insensitive), with this value or a value matching it when given. */
  toHaveHeader(name: string, value?: string | RegExp): R;
  /** A metric the filters defined has this value (or exists, without one). Await it on a target. */
  toHaveMetric(name: string, value?: number): Promise<R>;
  /** The filters logged a line containing this text (or matching this expression). Await it on a target. */
  toHaveLogged(expected: string | RegExp): Promise<R>;
}

function toHaveStatus(this: MatcherState, response: ScenarioResponse, status: number): MatcherResult {
  assertResponse(response, "toHaveStatus");
  const reset = response.reset ? " (the proxy reset the stream)" : "";
  return {
    pass: response.status === status,
    message: () => `expected status ${this.isNot ? "other than " : ""}${status}, got ${response.status}${reset}${aboutResponse(response)}`,
  };
}

function toHaveHeader(this: MatcherState, response: ScenarioResponse, name: string, value?: string | RegExp): MatcherResult {
  assertResponse(response, "toHaveHeader");
  const actual = response.headers[name.toLowerCase()];
  const pass = actual !== undefined && (value === undefined || (typeof value === "string" ? actual === value : value.test(actual)));
  const wanted = value === undefined ? `header "${name}"` : `header "${name}" ${typeof value === "string" ? JSON.stringify(value) : `matching ${value}`}`;
  const got = actual === undefined ? `no such header; it has ${JSON.stringify(Object.keys(response.headers))}` : `"${name}" is ${JSON.stringify(actual)}`;
  return { pass, message: () => `expected the response ${this.isNot ? "not " : ""}to have ${wanted}, ${got} (status ${response.status})${aboutResponse(response)}` };
}

async function toHaveMetric(this: MatcherState, received: ScenarioTarget | ReadonlyMap<string, number>, name: string, value?: number): Promise<MatcherResult> {
  const holds = (metrics: ReadonlyMap<string, number>): boolean => metrics.has(name) && (value === undefined || metrics.get(name) === value);
  const metrics = await settle(received, (target) => target.metrics(), holds, this.isNot);
  const wanted = value === undefined ? `metric "${name}"` : `metric "${name}" = ${value}`;
  const got = metrics.has(name) ? `it is ${metrics.get(name)}` : `there is no such metric; there are ${JSON.stringify([...metrics.keys()])}`;
  return { pass: holds(metrics), message: () => `expected ${this.isNot ? "no " : ""}${wanted}, ${got}` };
}

async function toHaveLogged(this: MatcherState, received: ScenarioTarget | readonly string[], expected: string | RegExp): Promise<MatcherResult> {
  const matches = (line: string): boolean => (typeof expected === "string" ? line.includes(expected) : expected.test(line));
  const holds = (lines: readonly string[]): boolean => lines.some(matches);
  const lines = await settle(received, (target) => target.wasmLogs(), holds, this.isNot);
  const wanted = typeof expected === "string" ? JSON.stringify(expected) : String(expected);
  const found = lines.filter(matches);
  return {
    pass: found.length > 0,
    message: () =>
      this.isNot
        ? `expected the filters not to log ${wanted}, they logged ${JSON.stringify(found)}`
        : `expected the filters to log a line with ${wanted}; they logged ${lines.length === 0 ? "nothing" : `\n  ${lines.slice(-20).join("\n  ")}`}`,
  };
}

/** What `read` gives once `holds` (or at the deadline), polled on a target; the value itself otherwise. */
async function settle<T>(received: ScenarioTarget | T, read: (target: ScenarioTarget) => Promise<T>, holds: (value: T) => boolean, negated: boolean): Promise<T> {
  if (!isTarget(received)) return received;
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const value = await read(received);
    if (negated || holds(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function isTarget(value: unknown): value is ScenarioTarget {
  return typeof value === "object" && value !== null && typeof (value as ScenarioTarget).request === "function" && typeof (value as ScenarioTarget).metrics === "function";
}

function assertResponse(value: unknown, matcher: string): asserts value is ScenarioResponse {
  if (typeof value !== "object" || value === null || typeof (value as ScenarioResponse).status !== "number" || typeof (value as ScenarioResponse).headers !== "object") {
    throw new TypeError(`${matcher} expects what target.request() resolved to (a ScenarioResponse), got ${JSON.stringify(value)?.slice(0, 200)}`);
  }
}

/** The trap report, else the start of a local reply's body: what explains an unexpected answer. */
function aboutResponse(response: ScenarioResponse): string {
  if (response.trap) return `\n${response.trap.describe()}`;
  if (!response.upstream && response.body) return `\nbody: ${JSON.stringify(response.body.slice(0, 300))}`;
  return "";
}

/** For `expect.extend` of vitest or jest. */
export const matchers = { toHaveStatus, toHaveHeader, toHaveMetric, toHaveLogged };
