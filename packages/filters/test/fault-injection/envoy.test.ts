// What only a real Envoy shows: delays measured at the client, the
// active-fault limit across two worker threads (two VMs sharing data), a
// client leaving mid-delay, the Prometheus names of the metrics, and bad
// configurations refused at startup with the filter's one log line.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findSamples, realEnvoySkipped, startEnvoy, startUpstream, type EnvoyInstance, type UpstreamServer } from "@envoyscript/testkit";
import { CHAOS_HEADERS, CHAOS_MATCH, METRIC, faultFilter, settledValue } from "./support/setup.ts";

/** A GET on a connection of its own (so Envoy may hand it to any worker); resolves with the status when the body is in. */
function getOnNewConnection(url: string, headers: Record<string, string>, signal?: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: false, headers, signal }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("error", reject);
  });
}

async function wasmMetric(envoy: EnvoyInstance, name: string): Promise<number> {
  return (await envoy.stats(`^wasmcustom\\.${name}$`)).get(`wasmcustom.${name}`) ?? 0;
}

describe.skipIf(realEnvoySkipped())("fault-injection in real Envoy", () => {
  let upstream: UpstreamServer;
  beforeAll(async () => {
    upstream = await startUpstream("echo");
  });
  afterAll(async () => upstream?.close());

  async function envoyWith(configuration: object | string, concurrency = 1): Promise<EnvoyInstance> {
    return startEnvoy({ filters: [{ wasm: faultFilter(configuration) }], upstreams: [{ name: "echo", port: upstream.port }], concurrency });
  }

  describe("a 200 ms delay", () => {
    let envoy: EnvoyInstance;
    beforeAll(async () => {
      envoy = await envoyWith({ match: CHAOS_MATCH, delay: { fixedDelay: "200ms", percentage: { value: 100 } } });
    });
    afterAll(async () => envoy?.stop());

    it("measures at least 200 ms and at most 250 ms at the client", async () => {
      // A request the match does not select opens the connection and warms the VM, so the timings are the delay's.
      expect((await fetch(`${envoy.listenerUrl}/warm-up`)).status).toBe(200);
      const timings: number[] = [];
      for (let i = 0; i < 5; i++) {
        const start = performance.now();
        const response = await fetch(`${envoy.listenerUrl}/timed/${i}`, { headers: CHAOS_HEADERS });
        await response.text();
        timings.push(performance.now() - start);
        expect(response.status).toBe(200);
      }
      expect(Math.min(...timings)).toBeGreaterThanOrEqual(200);
      // The median, so one scheduling hiccup of a loaded test machine does not decide.
      expect(timings.sort((a, b) => a - b)[2]).toBeLessThanOrEqual(250);
      expect(await wasmMetric(envoy, METRIC.delays)).toBe(5);
    });

    it("exposes the four metrics in Prometheus format", async () => {
      // Envoy exports the wasmcustom namespace without its prefix: the names are the filter's own.
      const samples = await envoy.prometheus();
      for (const name of Object.values(METRIC)) expect(findSamples(samples, name), name).toHaveLength(1);
      for (const name of Object.values(METRIC)) expect(findSamples(samples, name)[0]!.value, name).toBe(await wasmMetric(envoy, name));
      expect(findSamples(samples, METRIC.delays)[0]!.value).toBeGreaterThan(0);
    });
  });

  describe("the active-fault limit with two worker threads", () => {
    let envoy: EnvoyInstance;
    beforeAll(async () => {
      envoy = await envoyWith({ match: CHAOS_MATCH, delay: { fixedDelayMs: 300 }, maxActiveFaults: 2 }, 2);
    });
    afterAll(async () => envoy?.stop());

    it("delays exactly 2 of 12 concurrent requests spread over both workers; the others pass at once", async () => {
      const completed: number[] = [];
      const requests = Array.from({ length: 12 }, (_, i) =>
        getOnNewConnection(`${envoy.listenerUrl}/w${i}`, CHAOS_HEADERS).then((status) => {
          completed.push(i);
          return status;
        }),
      );
      // The ten that overflow complete while the two delayed ones are still held.
      const whileHeld = await settledValue(async () => completed.length, (count) => count >= 10);
      expect(whileHeld).toBe(10);
      expect(await wasmMetric(envoy, METRIC.active)).toBe(2);
      expect(await wasmMetric(envoy, METRIC.overflow)).toBe(10);
      const statuses = await Promise.all(requests);
      expect(statuses.every((status) => status === 200)).toBe(true);
      expect(await wasmMetric(envoy, METRIC.delays)).toBe(2);
      expect(await settledValue(() => wasmMetric(envoy, METRIC.active), (value) => value === 0)).toBe(0);

      const perWorker = await envoy.stats("worker_[01]\\.downstream_cx_total$");
      const workersUsed = [...perWorker.entries()].filter(([name, value]) => name.startsWith("listener.") && value > 0);
      expect(workersUsed.length).toBe(2);
    });
  });

  describe("a client that leaves during the delay", () => {
    let envoy: EnvoyInstance;
    beforeAll(async () => {
      envoy = await envoyWith({ delay: { fixedDelayMs: 10_000 }, maxActiveFaults: 1 });
    });
    afterAll(async () => envoy?.stop());

    it("gives its slot back, so the next request is delayed rather than overflowing", async () => {
      const controller = new AbortController();
      const leaving = getOnNewConnection(`${envoy.listenerUrl}/leaves`, {}, controller.signal).catch((error: Error) => error);
      expect(await settledValue(() => wasmMetric(envoy, METRIC.active), (value) => value === 1)).toBe(1);
      controller.abort();
      expect(await leaving).toBeInstanceOf(Error);
      expect(await settledValue(() => wasmMetric(envoy, METRIC.active), (value) => value === 0)).toBe(0);

      const next = new AbortController();
      const held = getOnNewConnection(`${envoy.listenerUrl}/next`, {}, next.signal).catch((error: Error) => error);
      expect(await settledValue(() => wasmMetric(envoy, METRIC.delays), (value) => value === 2)).toBe(2);
      expect(await wasmMetric(envoy, METRIC.overflow)).toBe(0);
      next.abort();
      await held;
    });
  });

  describe("bad configurations", () => {
    const cases: Array<[string, object | string, RegExp]> = [
      ["abort percent above 100", { abort: { httpStatus: 503, percentage: { value: 150 } } }, /fault-injection: abort\.percentage\.value: expected a percent from 0 to 100, got 150/],
      ["HTTP status outside 200..599", { abort: { httpStatus: 700 } }, /fault-injection: abort\.httpStatus: expected an integer from 200 to 599, got 700 \[E_CONFIG_RANGE\]/],
      ["gRPC status outside 0..16", { faults: [{ abort: { grpcStatus: 17 } }] }, /fault-injection: faults\[0\]\.abort\.grpcStatus: expected an integer from 0 to 16, got 17 \[E_CONFIG_RANGE\]/],
      ["negative delay", { delay: { fixedDelay: "-1s" } }, /fault-injection: delay\.fixedDelay: a duration cannot be negative, got "-1s" \[E_CONFIG_DURATION\]/],
      ["unknown field", { delay: { fixedDelayMs: 10 }, maxActiveFault: 3 }, /fault-injection: maxActiveFault: unknown field "maxActiveFault"/],
    ];
    it.each(cases)("refuses %s at startup with one log line naming the field", async (_name, configuration, line) => {
      const error = await envoyWith(configuration).catch((caught: Error) => caught);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(line);
    });
  });
});
