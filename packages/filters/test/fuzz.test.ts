// Random and malformed traffic through every filter, configured as each
// documented example: no request may trap a filter or leave its stream
// hanging. A failure prints the seed and a minimal reproduction. The run at
// scale (a million requests per configuration) is `npm run fuzz`.
import { describe, expect, it } from "vitest";
import { describeFuzzFailure, fuzzFilters } from "@envoyscript/testkit";
import { FILTERS, acceptedExamples, moduleOf } from "../fuzz/documented-examples.ts";

const REQUESTS_PER_EXAMPLE = Number(process.env.ENVOYSCRIPT_FUZZ_REQUESTS) || 1500;

describe.each(FILTERS)("fuzzing %s", (filter) => {
  const module = moduleOf(filter);

  it("survives random and malformed traffic under every documented example configuration", async () => {
    const examples = await acceptedExamples(filter);
    expect(examples.length, `docs/${filter}.md should hold example configurations`).toBeGreaterThan(0);
    for (const [index, configuration] of examples.entries()) {
      const report = await fuzzFilters({ filters: [{ module, rootId: filter, configuration: configuration as object }] }, { requests: REQUESTS_PER_EXAMPLE });
      const failure = report.failure ? `example ${index}:\n${describeFuzzFailure(report.failure)}` : null;
      expect(failure).toBeNull();
      expect(report.requests).toBe(REQUESTS_PER_EXAMPLE);
    }
  });
});
