// What only the emulator's virtual time shows precisely: a delayed request
// completes once the clock passed its delay (not before), header delays are
// capped, a client that leaves mid-delay gives its slot back, and the
// active-fault limit holds across VMs that share one vm_id (Envoy's workers).
import { describe, expect, it } from "vitest";
import { emulatedFaults } from "./support/emulator.ts";
import { CHAOS_HEADERS, CHAOS_MATCH, METRIC } from "./support/setup.ts";

describe("fault-injection in the emulator's virtual time", () => {
  it("completes a 200 ms delayed request only after the clock passed 200 ms", async () => {
    const { host, plugins } = await emulatedFaults({ match: CHAOS_MATCH, delay: { fixedDelay: "200ms", percentage: { value: 100 } } });
    const chain = host.chain(plugins);
    const start = host.clock.elapsedMs();
    const stream = chain.startRequest({ path: "/slow", headers: CHAOS_HEADERS });
    host.clock.advance(199);
    await host.dispatcher.settled();
    expect(stream.completed).toBe(false);
    host.clock.advance(20);
    await host.dispatcher.settled();
    const result = await stream.finished;
    expect(result.status).toBe(200);
    expect(result.upstreamRequest?.path).toBe("/slow");
    expect(host.clock.elapsedMs() - start).toBeGreaterThanOrEqual(200);
    expect(host.metrics.value(METRIC.delays)).toBe(1);
    expect(host.metrics.value(METRIC.active)).toBe(0);
  });

  it("lets a request that does not match through at once", async () => {
    const { host, plugins } = await emulatedFaults({ match: CHAOS_MATCH, delay: { fixedDelayMs: 200 } });
    const stream = host.chain(plugins).startRequest({ path: "/fast" });
    await host.dispatcher.settled();
    expect(stream.completed).toBe(true);
    expect((await stream.finished).status).toBe(200);
    expect(host.metrics.value(METRIC.delays)).toBe(0);
  });

  it("delays, then aborts, when a request draws both", async () => {
    const { host, plugins } = await emulatedFaults({ delay: { fixedDelay: "0.1s" }, abort: { httpStatus: 503 } });
    const start = host.clock.elapsedMs();
    const result = await host.chain(plugins).request({ path: "/both" });
    expect(result.status).toBe(503);
    expect(result.body).toBe("fault filter abort");
    expect(result.upstreamRequest).toBeNull();
    expect(result.details).toBe("fault_filter_abort");
    expect(host.clock.elapsedMs() - start).toBeGreaterThanOrEqual(100);
    expect(host.metrics.value(METRIC.delays)).toBe(1);
    expect(host.metrics.value(METRIC.aborts)).toBe(1);
  });

  it("caps a header-requested delay at headerControl.maxDelayMs", async () => {
    const { host, plugins } = await emulatedFaults({ match: CHAOS_MATCH, headerControl: { enabled: true, maxDelayMs: 300 } });
    const start = host.clock.elapsedMs();
    const result = await host.chain(plugins).request({ headers: { ...CHAOS_HEADERS, "x-envoy-fault-delay-request": "60000" } });
    expect(result.status).toBe(200);
    const elapsed = host.clock.elapsedMs() - start;
    expect(elapsed).toBeGreaterThanOrEqual(300);
    expect(elapsed).toBeLessThan(60000);
    expect(host.logs.messages("debug")).toContain("fault-injection: rule 0: delaying 300 ms");
  });

  it("gives the slot back when the client leaves during the delay", async () => {
    const { host, plugins } = await emulatedFaults({ delay: { fixedDelayMs: 1000 }, maxActiveFaults: 1 });
    const chain = host.chain(plugins);
    const leaving = chain.startRequest({ path: "/leaves" });
    await host.dispatcher.settled();
    expect(host.metrics.value(METRIC.active)).toBe(1);
    const blocked = await chain.request({ path: "/overflow" }, { autoAdvanceTime: false });
    expect(blocked.status).toBe(200);
    expect(host.metrics.value(METRIC.overflow)).toBe(1);

    host.dispatcher.run(() => leaving.reset("client went away"));
    expect((await leaving.finished).reset).toBe(true);
    expect(host.metrics.value(METRIC.active)).toBe(0);

    const next = chain.startRequest({ path: "/next" });
    await host.dispatcher.settled();
    expect(next.completed).toBe(false);
    expect(host.metrics.value(METRIC.delays)).toBe(2);
    host.clock.advance(1000);
    await host.dispatcher.settled();
    expect((await next.finished).status).toBe(200);
    expect(host.metrics.value(METRIC.active)).toBe(0);
    expect(host.metrics.value(METRIC.overflow)).toBe(1);
  });

  it("holds maxActiveFaults across two VMs sharing one vm_id, like Envoy's workers", async () => {
    const { host, plugins } = await emulatedFaults({ delay: { fixedDelayMs: 300 }, maxActiveFaults: 2 }, 2);
    const [first, second] = plugins.map((plugin) => host.chain([plugin]));
    const streams = Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? first! : second!).startRequest({ path: `/r${i}` }));
    await host.dispatcher.settled();
    const passed = streams.filter((stream) => stream.completed);
    expect(passed).toHaveLength(6);
    expect(host.metrics.value(METRIC.overflow)).toBe(6);
    expect(host.metrics.value(METRIC.active)).toBe(2);
    host.clock.advance(300);
    await host.dispatcher.settled();
    expect(streams.every((stream) => stream.completed)).toBe(true);
    expect(host.metrics.value(METRIC.delays)).toBe(2);
    expect(host.metrics.value(METRIC.active)).toBe(0);
  });
});
