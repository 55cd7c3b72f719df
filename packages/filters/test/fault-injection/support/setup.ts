// The fault-injection module and the setups and helpers its tests share.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FilterSetup, ScenarioRequest, ScenarioResponse, ScenarioTarget, WasmFilter } from "@envoyscript/testkit";

const here = path.dirname(fileURLToPath(import.meta.url));
/** Built by `npx envoyscript build` in packages/filters. */
export const MODULE = path.join(here, "..", "..", "..", "build", "fault-injection.wasm");
export const ROOT_ID = "fault-injection";

/** The example match: faults only for requests that carry `x-chaos-test: true`. */
export const CHAOS_MATCH = [{ headers: { "x-chaos-test": { exact: "true" } } }];
export const CHAOS_HEADERS = { "x-chaos-test": "true" };

export const METRIC = {
  delays: "fault_injection_delays_injected_total",
  aborts: "fault_injection_aborts_injected_total",
  overflow: "fault_injection_overflow_total",
  active: "fault_injection_active",
} as const;

export function faultFilter(configuration: object | string): WasmFilter {
  return { module: MODULE, rootId: ROOT_ID, configuration };
}

/** The filter in front of the echo upstream. */
export function faultSetup(configuration: object | string): FilterSetup {
  return { filters: [faultFilter(configuration)] };
}

/** Sends `count` requests built by `requestFor(i)`, `inFlight` at a time; answers in request order. */
export async function sendMany(
  target: ScenarioTarget,
  count: number,
  requestFor: (index: number) => ScenarioRequest,
  inFlight = 20,
): Promise<ScenarioResponse[]> {
  const answers: ScenarioResponse[] = new Array(count);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < count) {
      const index = next++;
      answers[index] = await target.request(requestFor(index));
    }
  }
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
  return answers;
}

/** The range a binomial(n, p) count falls in with `sigmas` standard deviations either side. */
export function binomialBounds(n: number, p: number, sigmas = 4.5): { low: number; high: number } {
  const mean = n * p;
  const spread = sigmas * Math.sqrt(n * p * (1 - p));
  return { low: Math.max(0, Math.floor(mean - spread)), high: Math.min(n, Math.ceil(mean + spread)) };
}

/** A metric's value, 0 when the filter never touched it. */
export async function metric(target: ScenarioTarget, name: string): Promise<number> {
  return (await target.metrics()).get(name) ?? 0;
}

/** Counts responses by status. */
export function countStatus(responses: readonly ScenarioResponse[], status: number): number {
  return responses.filter((response) => response.status === status).length;
}

/**
 * Polls `read` until `accept` holds for its value (stats settle a moment
 * after the client has its answer: Envoy ends the stream just after sending).
 * Returns the last value read; the caller asserts on it.
 */
export async function settledValue<T>(read: () => Promise<T>, accept: (value: T) => boolean, attempts = 100): Promise<T> {
  let value = await read();
  for (let attempt = 1; attempt < attempts && !accept(value); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    value = await read();
  }
  return value;
}
