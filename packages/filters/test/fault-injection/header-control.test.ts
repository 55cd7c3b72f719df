// Per-request fault headers (Envoy fault filter style): off unless enabled,
// capped by maxPercentage and maxDelayMs, invalid values ignored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarioBackends, type ScenarioTarget } from "@envoyscript/testkit";
import { CHAOS_HEADERS, CHAOS_MATCH, METRIC, binomialBounds, countStatus, faultSetup, metric, sendMany } from "./support/setup.ts";

const ABORT = "x-envoy-fault-abort-request";
const ABORT_GRPC = "x-envoy-fault-abort-grpc-request";
const ABORT_PERCENT = "x-envoy-fault-abort-request-percentage";
const DELAY = "x-envoy-fault-delay-request";
const DELAY_PERCENT = "x-envoy-fault-delay-request-percentage";

describe.each(scenarioBackends())("fault-injection header control on $name", (backend) => {
  let disabled: ScenarioTarget;
  let enabled: ScenarioTarget;
  beforeAll(async () => {
    // A configured abort that never fires (0%), so the rule is valid without header control.
    disabled = await backend.start(faultSetup({ match: CHAOS_MATCH, abort: { httpStatus: 500, percentage: 0 } }));
    enabled = await backend.start(faultSetup({ match: CHAOS_MATCH, headerControl: { enabled: true, maxPercentage: 50, maxDelayMs: 100 } }));
  });
  afterAll(async () => {
    await disabled?.stop();
    await enabled?.stop();
  });

  it("ignores fault headers when header control is not enabled", async () => {
    const responses = await sendMany(disabled, 40, () => ({ headers: { ...CHAOS_HEADERS, [ABORT]: "503", [ABORT_PERCENT]: "100", [DELAY]: "60000" } }));
    expect(countStatus(responses, 200)).toBe(40);
    expect(await metric(disabled, METRIC.delays)).toBe(0);
    expect(await metric(disabled, METRIC.aborts)).toBe(0);
  });

  it("aborts with the header's status, capped at maxPercentage (50%) even when the header asks for 100%", async () => {
    const before = await metric(enabled, METRIC.aborts);
    const responses = await sendMany(enabled, 400, () => ({ headers: { ...CHAOS_HEADERS, [ABORT]: "418", [ABORT_PERCENT]: "100" } }));
    const aborted = countStatus(responses, 418);
    const { low, high } = binomialBounds(400, 0.5);
    expect(aborted).toBeGreaterThanOrEqual(low);
    expect(aborted).toBeLessThanOrEqual(high);
    expect(aborted + countStatus(responses, 200)).toBe(400);
    expect((await metric(enabled, METRIC.aborts)) - before).toBe(aborted);
  });

  it("honours a percentage header below the cap", async () => {
    const responses = await sendMany(enabled, 400, () => ({ headers: { ...CHAOS_HEADERS, [ABORT]: "503", [ABORT_PERCENT]: "10" } }));
    const { low, high } = binomialBounds(400, 0.1);
    expect(countStatus(responses, 503)).toBeGreaterThanOrEqual(low);
    expect(countStatus(responses, 503)).toBeLessThanOrEqual(high);
  });

  it("aborts gRPC requests with the gRPC status header", async () => {
    const responses = await sendMany(enabled, 100, () => ({
      method: "POST",
      path: "/pkg.Service/Call",
      headers: { ...CHAOS_HEADERS, "content-type": "application/grpc", [ABORT_GRPC]: "8", [ABORT_PERCENT]: "50" },
    }));
    const aborted = responses.filter((response) => response.headers["grpc-status"] === "8");
    const { low, high } = binomialBounds(100, 0.5);
    expect(aborted.length).toBeGreaterThanOrEqual(low);
    expect(aborted.length).toBeLessThanOrEqual(high);
    expect(aborted.every((response) => response.status === 200 && response.upstream === null)).toBe(true);
  });

  it("delays by the header, capped at maxDelayMs and maxPercentage, and lets the requests through", async () => {
    const before = await metric(enabled, METRIC.delays);
    // Uncapped, a 60 s delay would outlast this test's timeout.
    const responses = await sendMany(enabled, 40, (i) => ({ path: `/delayed/${i}`, headers: { ...CHAOS_HEADERS, [DELAY]: "60000", [DELAY_PERCENT]: "100" } }), 40);
    expect(countStatus(responses, 200)).toBe(40);
    expect(responses.every((response, i) => response.upstream?.path === `/delayed/${i}`)).toBe(true);
    const held = (await metric(enabled, METRIC.delays)) - before;
    const { low, high } = binomialBounds(40, 0.5);
    expect(held).toBeGreaterThanOrEqual(low);
    expect(held).toBeLessThanOrEqual(high);
  }, 20_000);

  it("applies header faults only to requests the match selects", async () => {
    const responses = await sendMany(enabled, 40, () => ({ headers: { [ABORT]: "503", [ABORT_PERCENT]: "100" } }));
    expect(countStatus(responses, 200)).toBe(40);
  });

  it("ignores invalid fault header values without failing the request", async () => {
    const invalid: Record<string, string>[] = [
      { [ABORT]: "abc" },
      { [ABORT]: "700" },
      { [ABORT]: "99" },
      { [ABORT]: "-503" },
      { [ABORT_GRPC]: "17" },
      { [ABORT_GRPC]: "x" },
      { [DELAY]: "1.5" },
      { [DELAY]: "9".repeat(40) },
      { [DELAY]: "" },
    ];
    for (const headers of invalid) {
      const responses = await sendMany(enabled, 10, () => ({ headers: { ...CHAOS_HEADERS, ...headers } }), 5);
      expect(countStatus(responses, 200), JSON.stringify(headers)).toBe(10);
    }
    // An invalid percentage is ignored: the fault applies at the cap (50%).
    const responses = await sendMany(enabled, 200, () => ({ headers: { ...CHAOS_HEADERS, [ABORT]: "503", [ABORT_PERCENT]: "150" } }));
    const { low, high } = binomialBounds(200, 0.5);
    expect(countStatus(responses, 503)).toBeGreaterThanOrEqual(low);
    expect(countStatus(responses, 503)).toBeLessThanOrEqual(high);
    expect((await enabled.request({ headers: CHAOS_HEADERS })).status).toBe(200);
    const logs = await enabled.wasmLogs();
    expect(logs).toContain('fault-injection: ignoring x-envoy-fault-abort-request: "abc": expected an integer from 200 to 599');
    expect(logs).toContain('fault-injection: ignoring x-envoy-fault-abort-request-percentage: "150": expected a percent from 0 to 100');
  });
});
