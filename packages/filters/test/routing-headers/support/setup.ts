// The routing-headers module and the setups shared by its tests.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FilterSetup, ScenarioTarget, WasmFilter } from "@envoyscript/testkit";

const here = path.dirname(fileURLToPath(import.meta.url));
/** Built by `npx envoyscript build` in packages/filters. */
export const MODULE = path.join(here, "..", "..", "..", "build", "routing-headers.wasm");
export const ROOT_ID = "routing-headers";
export const DESTINATION_HEADER = "x-route-destination";

export function routingHeaders(configuration: object | string): WasmFilter {
  return { module: MODULE, rootId: ROOT_ID, configuration };
}

/** The setup: echo upstreams v1 (the default route's) and v2, routed by the destination header. */
export function twoVersions(configuration: object): FilterSetup {
  return {
    filters: [routingHeaders({ destinationHeader: DESTINATION_HEADER, ...configuration })],
    upstreams: { v1: "echo", v2: "echo" },
    clusterHeader: DESTINATION_HEADER,
  };
}

/** Which upstream answered each of `count` requests built by `requestFor(i)`, sent `parallel` at a time. */
export async function upstreamsOf(
  target: ScenarioTarget,
  count: number,
  requestFor: (index: number) => Parameters<ScenarioTarget["request"]>[0],
  parallel = 16,
): Promise<string[]> {
  const answers: string[] = new Array(count);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < count) {
      const index = next++;
      const response = await target.request(requestFor(index));
      answers[index] = response.upstream?.upstream ?? `status ${response.status}`;
    }
  }
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  return answers;
}

/** Occurrences of each value. */
export function tally(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
