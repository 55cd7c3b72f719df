// Istio's deprecated integer `delay.percent` (still in Istio's bookinfo
// samples): the share of requests to delay, as istiod translates it
// (FractionalPercent over HUNDRED); given together with `percentage`,
// `percentage` counts and `percent` is ignored, with a warning.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarioBackends, type ScenarioTarget } from "@envoyscript/testkit";
import { METRIC, countStatus, faultSetup, metric } from "./support/setup.ts";

const rule = (name: string, delay: object) => ({ match: [{ headers: { "x-fault": { exact: name } } }], delay: { fixedDelayMs: 20, ...delay } });

describe.each(scenarioBackends())("fault-injection delay.percent on $name", (backend) => {
  let target: ScenarioTarget;
  beforeAll(async () => {
    target = await backend.start(
      faultSetup({
        faults: [
          rule("percent-all", { percent: 100 }),
          rule("percent-none", { percent: 0 }),
          rule("both", { percent: 100, percentage: { value: 0 } }),
        ],
      }),
    );
  });
  afterAll(async () => target?.stop());

  async function delaysFor(name: string, count: number): Promise<number> {
    const before = await metric(target, METRIC.delays);
    const responses = await Promise.all(Array.from({ length: count }, (_, i) => target.request({ path: `/${name}/${i}`, headers: { "x-fault": name } })));
    expect(countStatus(responses, 200)).toBe(count);
    return (await metric(target, METRIC.delays)) - before;
  }

  it("delays every request with percent: 100 (bookinfo's shape)", async () => {
    expect(await delaysFor("percent-all", 6)).toBe(6);
  });

  it("delays none with percent: 0", async () => {
    expect(await delaysFor("percent-none", 6)).toBe(0);
  });

  it("reads percentage and ignores percent when both are given, saying so in the log", async () => {
    expect(await delaysFor("both", 6)).toBe(0);
    expect((await target.wasmLogs()).some((line) => line.includes("faults[2].delay.percent is ignored because faults[2].delay.percentage is given"))).toBe(true);
  });
});
