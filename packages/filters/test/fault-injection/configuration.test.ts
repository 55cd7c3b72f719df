// Configuration checking: every bad value is refused at configure time with
// one ERROR line naming the field; every documented form is accepted.
import { describe, expect, it } from "vitest";
import { ConfigurationRefusedError, emulatedFaults } from "./support/emulator.ts";
import { CHAOS_MATCH } from "./support/setup.ts";

async function refusal(configuration: Record<string, unknown> | string): Promise<{ error: unknown; errorLines: string[] }> {
  try {
    const { host } = await emulatedFaults(configuration);
    return { error: null, errorLines: host.logs.messages("error") };
  } catch (error) {
    const logs = error instanceof ConfigurationRefusedError ? error.logs : [];
    return { error, errorLines: logs.filter((line) => line.level === "error" && line.message.startsWith("fault-injection:")).map((line) => line.message) };
  }
}

describe("fault-injection configuration", () => {
  const refused: Array<[string, Record<string, unknown> | string, string]> = [
    ["not JSON", "{delay", "fault-injection: (root): unexpected 'd' at line 1, column 2, expected a member name [E_JSON_SYNTAX]"],
    ["an empty configuration", "", "fault-injection: (root): no fault to inject"],
    ["nothing to inject", {}, "fault-injection: (root): no fault to inject; configure \"delay\", \"abort\" (or \"faults\"), or enable \"headerControl\" [E_FAULT_NOTHING_TO_INJECT]"],
    ["an unknown top-level field", { delay: { fixedDelayMs: 1 }, extra: true }, "fault-injection: extra: unknown field \"extra\"; did you mean \"match\"? expected one of match, delay, abort, faults, headerControl, maxActiveFaults [E_CONFIG_UNKNOWN_FIELD]"],
    ["an unknown delay field", { delay: { fixedDelayMs: 1, jitter: 5 } }, "fault-injection: delay.jitter: unknown field"],
    ["an unknown abort field", { abort: { httpStatus: 503, body: "x" } }, "fault-injection: abort.body: unknown field"],
    ["an unknown headerControl field", { delay: { fixedDelayMs: 1 }, headerControl: { on: true } }, "fault-injection: headerControl.on: unknown field"],
    ["an unknown match field", { match: [{ path: { exact: "/" } }], delay: { fixedDelayMs: 1 } }, "fault-injection: match[0].path: unknown field"],
    ["a percent above 100", { abort: { httpStatus: 503, percentage: { value: 100.5 } } }, "fault-injection: abort.percentage.value: expected a percent from 0 to 100"],
    ["a negative percent", { delay: { fixedDelayMs: 5, percentage: -1 } }, "fault-injection: delay.percentage: expected a percent from 0 to 100"],
    ["an HTTP status below 200", { abort: { httpStatus: 199 } }, "fault-injection: abort.httpStatus: expected an integer from 200 to 599, got 199 [E_CONFIG_RANGE]"],
    ["an HTTP status above 599", { abort: { httpStatus: 600 } }, "fault-injection: abort.httpStatus: expected an integer from 200 to 599, got 600 [E_CONFIG_RANGE]"],
    ["a fractional HTTP status", { abort: { httpStatus: 503.5 } }, "fault-injection: abort.httpStatus: expected an integer, got 503.5 [E_CONFIG_TYPE]"],
    ["a gRPC status above 16", { abort: { grpcStatus: 17 } }, "fault-injection: abort.grpcStatus: expected an integer from 0 to 16, got 17 [E_CONFIG_RANGE]"],
    ["a negative gRPC status", { abort: { grpcStatus: -1 } }, "fault-injection: abort.grpcStatus: expected an integer from 0 to 16, got -1 [E_CONFIG_RANGE]"],
    ["an unknown gRPC status name", { abort: { grpcStatus: "UNAVAILABEL" } }, "got \"UNAVAILABEL\"; did you mean \"UNAVAILABLE\"? [E_CONFIG_ENUM]"],
    ["an abort without status", { abort: { percentage: 10 } }, "fault-injection: abort: missing \"httpStatus\" or \"grpcStatus\""],
    ["a negative fixedDelayMs", { delay: { fixedDelayMs: -5 } }, "fault-injection: delay.fixedDelayMs: expected an integer from 0 to 3600000, got -5 [E_CONFIG_RANGE]"],
    ["a negative fixedDelay", { delay: { fixedDelay: "-200ms" } }, "fault-injection: delay.fixedDelay: a duration cannot be negative, got \"-200ms\" [E_CONFIG_DURATION]"],
    ["a duration without unit", { delay: { fixedDelay: "200" } }, "fault-injection: delay.fixedDelay: unknown unit"],
    ["a duration with a bad unit", { delay: { fixedDelay: "2d" } }, "fault-injection: delay.fixedDelay: unknown unit"],
    ["a delay over an hour", { delay: { fixedDelay: "2h" } }, "fault-injection: delay.fixedDelay: longer than the maximum of 1h"],
    ["both delay forms", { delay: { fixedDelay: "1s", fixedDelayMs: 1000 } }, "fault-injection: delay.fixedDelayMs: give either"],
    ["a delay without duration", { delay: { percentage: 5 } }, "fault-injection: delay: missing \"fixedDelay\""],
    ["a negative maxActiveFaults", { delay: { fixedDelayMs: 1 }, maxActiveFaults: -1 }, "fault-injection: maxActiveFaults: expected an integer from 0"],
    ["a non-boolean enabled", { headerControl: { enabled: "yes" } }, "fault-injection: headerControl.enabled: expected a boolean, got \"yes\""],
    ["a maxPercentage above 100", { headerControl: { enabled: true, maxPercentage: 101 } }, "fault-injection: headerControl.maxPercentage: expected a percent"],
    ["a negative maxDelayMs", { headerControl: { enabled: true, maxDelayMs: -1 } }, "fault-injection: headerControl.maxDelayMs: expected an integer from 0 to 3600000, got -1 [E_CONFIG_RANGE]"],
    ["faults with top-level delay", { faults: [{ delay: { fixedDelayMs: 1 } }], delay: { fixedDelayMs: 1 } }, "fault-injection: delay: \"delay\" at the top level cannot be combined with \"faults\""],
    ["an empty faults list", { faults: [] }, "fault-injection: faults: expected 1 to 256 rules, got 0"],
    ["a bad rule in the list", { faults: [{ delay: { fixedDelayMs: 1 } }, { abort: { httpStatus: 42 } }] }, "fault-injection: faults[1].abort.httpStatus: expected an integer from 200 to 599, got 42 [E_CONFIG_RANGE]"],
    ["a rule with nothing to inject", { faults: [{ match: CHAOS_MATCH }] }, "fault-injection: faults[0]: no fault to inject"],
    ["an unknown rule field", { faults: [{ delay: { fixedDelayMs: 1 }, headerControl: {} }] }, "fault-injection: faults[0].headerControl: unknown field"],
    ["a bad regex in a match", { match: [{ uri: { regex: "(" } }], delay: { fixedDelayMs: 1 } }, "fault-injection: match[0].uri.regex: "],
    ["Istio's deprecated percent above 100", { delay: { fixedDelay: "1s", percent: 101 } }, "fault-injection: delay.percent: expected an integer from 0 to 100, got 101 [E_CONFIG_RANGE]"],
    ["a fractional percent", { delay: { fixedDelay: "1s", percent: 12.5 } }, "fault-injection: delay.percent: expected an integer, got 12.5 [E_CONFIG_TYPE]"],
    ["a percent on an abort (Istio has none)", { abort: { httpStatus: 503, percent: 50 } }, "fault-injection: abort.percent: unknown field \"percent\"; did you mean \"percentage\"?"],
  ];

  it.each(refused)("refuses %s with one log line naming the field", async (_name, configuration, line) => {
    const { error, errorLines } = await refusal(configuration);
    expect(error).toBeInstanceOf(ConfigurationRefusedError);
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toContain(line);
  });

  const accepted: Array<[string, Record<string, unknown>]> = [
    ["Istio's single-fault shape", { match: CHAOS_MATCH, delay: { fixedDelay: "200ms", percentage: { value: 10 } }, abort: { httpStatus: 503, percentage: { value: 10 } } }],
    ["durations in s, m, h", { faults: [{ delay: { fixedDelay: "1.5s" } }, { delay: { fixedDelay: "2m" } }, { delay: { fixedDelay: "1h" } }] }],
    ["a per-million percentage", { abort: { httpStatus: 503, percentage: { value: 0.0001 } } }],
    ["Envoy's fractional percent", { abort: { httpStatus: 503, percentage: { numerator: 1, denominator: "MILLION" } } }],
    ["a gRPC status by name and by number", { faults: [{ abort: { grpcStatus: "UNAVAILABLE" } }, { abort: { grpcStatus: 0 } }, { abort: { grpcStatus: 16 } }] }],
    ["boundary HTTP statuses", { faults: [{ abort: { httpStatus: 200 } }, { abort: { httpStatus: 599 } }] }],
    ["header control alone", { headerControl: { enabled: true } }],
    ["a kill switch (maxActiveFaults 0)", { delay: { fixedDelayMs: 1 }, maxActiveFaults: 0 }],
    // Istio's samples/bookinfo/networking/virtual-service-ratings-test-delay.yaml, as it was written with the deprecated percent.
    ["Istio bookinfo's ratings delay (percent: 100, fixedDelay: 7s)", { match: [{ headers: { "end-user": { exact: "jason" } } }], delay: { percent: 100, fixedDelay: "7s" } }],
  ];

  it.each(accepted)("accepts %s", async (_name, configuration) => {
    const { error, errorLines } = await refusal(configuration);
    expect(error).toBeNull();
    expect(errorLines).toEqual([]);
  });
});
