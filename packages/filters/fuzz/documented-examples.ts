// The filters and the configurations their docs show: what the fuzzers
// (traffic and configuration) run under, so that every documented example
// is fuzzed, and a new one is without anyone listing it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Host } from "@envoyscript/testkit";

export const packageDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
export const FILTERS = ["routing-headers", "fault-injection", "jwt-authz", "telemetry"] as const;
export type FilterName = (typeof FILTERS)[number];

export function moduleOf(filter: FilterName): string {
  return path.join(packageDir, "build", `${filter}.wasm`);
}

/** The documented example configurations the filter accepts (examples of refused configurations are skipped). */
export async function acceptedExamples(filter: FilterName): Promise<unknown[]> {
  const markdown = readFileSync(path.join(packageDir, "docs", `${filter}.md`), "utf8");
  const examples: unknown[] = [];
  for (const match of markdown.matchAll(/```json\n([\s\S]*?)```/g)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(match[1]);
    } catch {
      continue;
    }
    const vm = await new Host().loadVm({ wasm: moduleOf(filter) });
    try {
      vm.configurePlugin({ rootId: filter, configuration: JSON.stringify(parsed) });
      examples.push(parsed);
    } catch {
      // a documented refusal
    }
  }
  return examples;
}
