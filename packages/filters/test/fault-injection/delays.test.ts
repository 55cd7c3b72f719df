// Delays, delay-then-abort, and the active-fault limit, on every backend.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarioBackends, type ScenarioTarget } from "@envoyscript/testkit";
import { CHAOS_HEADERS, CHAOS_MATCH, METRIC, countStatus, faultSetup, metric, settledValue } from "./support/setup.ts";

describe.each(scenarioBackends())("fault-injection delays on $name", (backend) => {
  let target: ScenarioTarget;
  beforeAll(async () => {
    target = await backend.start(
      faultSetup({
        faults: [
          { match: CHAOS_MATCH, delay: { fixedDelay: "200ms", percentage: { value: 100 } } },
          { match: [{ headers: { "x-fault": { exact: "delay-abort" } } }], delay: { fixedDelayMs: 50 }, abort: { httpStatus: 503 } },
        ],
      }),
    );
  });
  afterAll(async () => target?.stop());

  it("holds a matching request, then lets it through to the upstream, and counts the delay", async () => {
    const before = await metric(target, METRIC.delays);
    const response = await target.request({ method: "POST", path: "/orders", headers: CHAOS_HEADERS, body: "held body" });
    expect(response.status).toBe(200);
    expect(response.upstream?.path).toBe("/orders");
    expect(response.upstream?.body).toBe("held body");
    expect((await metric(target, METRIC.delays)) - before).toBe(1);
    expect(await settledValue(() => metric(target, METRIC.active), (value) => value === 0)).toBe(0);
  });

  it("delays first, then aborts, when a rule has both", async () => {
    const delays = await metric(target, METRIC.delays);
    const aborts = await metric(target, METRIC.aborts);
    const response = await target.request({ path: "/", headers: { "x-fault": "delay-abort" } });
    expect(response.status).toBe(503);
    expect(response.upstream).toBeNull();
    expect((await metric(target, METRIC.delays)) - delays).toBe(1);
    expect((await metric(target, METRIC.aborts)) - aborts).toBe(1);
  });

  it("counts exactly the delays the clients got", async () => {
    const before = await metric(target, METRIC.delays);
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => target.request({ path: `/${i}`, headers: i % 2 === 0 ? CHAOS_HEADERS : {} })),
    );
    expect(countStatus(responses, 200)).toBe(10);
    expect((await metric(target, METRIC.delays)) - before).toBe(5);
  });
});

describe.each(scenarioBackends())("fault-injection active-fault limit on $name", (backend) => {
  let target: ScenarioTarget;
  beforeAll(async () => {
    target = await backend.start(faultSetup({ match: CHAOS_MATCH, delay: { fixedDelayMs: 300 }, maxActiveFaults: 2 }));
  });
  afterAll(async () => target?.stop());

  it("delays 2 of 8 concurrent requests and lets the other 6 pass, counting them as overflow", async () => {
    const responses = await Promise.all(Array.from({ length: 8 }, (_, i) => target.request({ path: `/c${i}`, headers: CHAOS_HEADERS })));
    expect(countStatus(responses, 200)).toBe(8);
    expect(responses.every((response) => response.upstream !== null)).toBe(true);
    expect(await metric(target, METRIC.delays)).toBe(2);
    expect(await metric(target, METRIC.overflow)).toBe(6);
    expect(await settledValue(() => metric(target, METRIC.active), (value) => value === 0)).toBe(0);
  });
});
