// Random JSON, mutated documented examples and corrupted bytes into
// proxy_on_configure: each filter accepts, or refuses with one line naming
// the field (`<filter>: <path>: <reason> [<CODE>]`), and never traps. The
// run at scale is `npm run fuzz`.
import { describe, expect, it } from "vitest";
import { describeConfigurationFuzzFailure, fuzzConfigurations } from "@envoyscript/testkit";
import { FILTERS, acceptedExamples, moduleOf } from "../fuzz/documented-examples.ts";

const CONFIGURATIONS = Number(process.env.ENVOYSCRIPT_FUZZ_CONFIGURATIONS) || 300;

describe.each(FILTERS)("configuration fuzzing %s", (filter) => {
  it("accepts or refuses every fuzzed configuration with a named field, never trapping", async () => {
    const report = await fuzzConfigurations(moduleOf(filter), filter, await acceptedExamples(filter), { configurations: CONFIGURATIONS });
    expect(report.failure ? describeConfigurationFuzzFailure(report.failure) : null).toBeNull();
    expect(report.configurations).toBe(CONFIGURATIONS);
    // The fuzzer reaches past the JSON reader into the filter's own checks.
    expect(report.refused).toBeGreaterThan(CONFIGURATIONS / 4);
    expect(Object.keys(report.codes).some((code) => code.startsWith("E_CONFIG_"))).toBe(true);
  });
});
