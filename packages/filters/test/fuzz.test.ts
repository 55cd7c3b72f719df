// Random and malformed traffic through every filter, configured as each
// documented example: no request may trap a filter or leave its stream
// hanging. A failure prints the seed and a minimal reproduction.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { describeFuzzFailure, fuzzFilters, Host } from "@envoyscript/testkit";

const packageDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const FILTERS = ["routing-headers", "fault-injection", "jwt-authz", "telemetry"] as const;
const REQUESTS_PER_EXAMPLE = Number(process.env.ENVOYSCRIPT_FUZZ_REQUESTS) || 1500;

/** The documented example configurations the filter accepts (examples of refused configurations are skipped). */
async function acceptedExamples(filter: string, module: string): Promise<unknown[]> {
  const markdown = readFileSync(path.join(packageDir, "docs", `${filter}.md`), "utf8");
  const examples: unknown[] = [];
  for (const match of markdown.matchAll(/```json\n([\s\S]*?)```/g)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(match[1]);
    } catch {
      continue;
    }
    const vm = await new Host().loadVm({ wasm: module });
    try {
      vm.configurePlugin({ rootId: filter, configuration: JSON.stringify(parsed) });
      examples.push(parsed);
    } catch {
      // a documented refusal
    }
  }
  return examples;
}

describe.each(FILTERS)("fuzzing %s", (filter) => {
  const module = path.join(packageDir, "build", `${filter}.wasm`);

  it("survives random and malformed traffic under every documented example configuration", async () => {
    const examples = await acceptedExamples(filter, module);
    expect(examples.length, `docs/${filter}.md should hold example configurations`).toBeGreaterThan(0);
    for (const [index, configuration] of examples.entries()) {
      const report = await fuzzFilters({ filters: [{ module, rootId: filter, configuration: configuration as object }] }, { requests: REQUESTS_PER_EXAMPLE });
      const failure = report.failure ? `example ${index}:\n${describeFuzzFailure(report.failure)}` : null;
      expect(failure).toBeNull();
      expect(report.requests).toBe(REQUESTS_PER_EXAMPLE);
    }
  });
});
