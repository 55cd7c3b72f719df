/** Envoy's Wasm floor for one run: unit costs from the floor rows, counts and explained floors for the other Wasm rows. */
import type { ConfigurationResult } from "../lib/load-runner.ts";
import type { FloorReport, Ratios } from "../lib/report.ts";
import type { LoadConfiguration } from "../scenarios/types.ts";
import { countCalls } from "./call-counts.ts";
import { explainFloor, unitCosts, type AddedCost, type ExplainedFloor } from "./explain.ts";
import { CALLBACKS_ID, NO_CALLBACKS_ID, type FloorModule } from "./modules.ts";

/**
 * `results` and `ratios` are the load run's (empty when it was skipped: then
 * only the counts are reported). Rows that define a unit cost are not
 * explained (they would be by construction); every other Wasm row is, the
 * hand-written `floor/hello` included, which checks that unit costs add up.
 */
export async function floorReport(
  configurations: readonly LoadConfiguration[],
  modules: readonly FloorModule[],
  results: readonly ConfigurationResult[],
  ratios: Readonly<Record<string, Ratios>>,
  baselineId: string,
  progress: (line: string) => void,
): Promise<FloorReport> {
  const added = (id: string): AddedCost | undefined => {
    const ratio = ratios[id];
    return ratio ? { us: ratio.addedUsPerRequest, cpuUs: ratio.addedCpuUsPerRequest } : undefined;
  };
  const units = unitCosts(modules, added);
  const unitRows = new Set(modules.filter((module) => module.unit || module.id === NO_CALLBACKS_ID || module.id === CALLBACKS_ID).map((module) => module.id));
  const explainable = configurations.filter((configuration) => configuration.plugin && !unitRows.has(configuration.id));
  progress(`floor: counting callbacks and hostcalls per request in the emulator (${explainable.length} configurations)`);
  const counts = [];
  for (const configuration of explainable) counts.push(await countCalls(configuration));
  const baselineRps = results.find((result) => result.id === baselineId)?.rps?.median;
  const explained: ExplainedFloor[] = [];
  for (const entry of counts) {
    const measured = added(entry.id);
    const row = measured && baselineRps ? explainFloor(entry, units, measured, baselineRps) : null;
    if (row) explained.push(row);
  }
  return { units, counts, explained };
}
