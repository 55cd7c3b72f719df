import { beforeAll, describe, expect, it } from "vitest";
import { Host, Status } from "../../src/emulator/index.ts";
import { compileFixture } from "../fixtures/compile-fixture.ts";

let kitchen: Uint8Array;
beforeAll(async () => {
  kitchen = await compileFixture("kitchen");
});

describe("shared data", () => {
  it("follows Envoy's CAS rules", async () => {
    const host = new Host();
    const plugin = await host.loadPlugin({ wasm: kitchen });
    const op = async (headers: Record<string, string>) => (await plugin.request({ headers })).upstreamRequest!.headers;

    expect((await op({ "x-action": "shared-get", "x-key": "k" }))["x-shared-status"]).toBe(String(Status.NOT_FOUND));
    expect((await op({ "x-action": "shared-set", "x-key": "k", "x-value": "v1", "x-cas": "0" }))["x-shared-status"]).toBe(String(Status.OK));
    const first = await op({ "x-action": "shared-get", "x-key": "k" });
    expect(first["x-shared-value"]).toBe("v1");
    const cas = first["x-shared-cas"]!;
    expect((await op({ "x-action": "shared-set", "x-key": "k", "x-value": "v2", "x-cas": cas }))["x-shared-status"]).toBe(String(Status.OK));
    // The CAS moved on: the old one no longer matches.
    expect((await op({ "x-action": "shared-set", "x-key": "k", "x-value": "v3", "x-cas": cas }))["x-shared-status"]).toBe(String(Status.CAS_MISMATCH));
    // CAS 0 writes unconditionally.
    expect((await op({ "x-action": "shared-set", "x-key": "k", "x-value": "v4", "x-cas": "0" }))["x-shared-status"]).toBe(String(Status.OK));
    expect((await op({ "x-action": "shared-get", "x-key": "k" }))["x-shared-value"]).toBe("v4");
  });

  it("is shared by VMs with the same VM id, and only by them", async () => {
    const host = new Host();
    const a = await host.loadPlugin({ wasm: kitchen, vmId: "same" });
    const b = await host.loadPlugin({ wasm: kitchen, vmId: "same" });
    const other = await host.loadPlugin({ wasm: kitchen, vmId: "other" });
    await a.request({ headers: { "x-action": "shared-set", "x-key": "k", "x-value": "from-a" } });
    expect((await b.request({ headers: { "x-action": "shared-get", "x-key": "k" } })).upstreamRequest!.headers["x-shared-value"]).toBe("from-a");
    expect((await other.request({ headers: { "x-action": "shared-get", "x-key": "k" } })).upstreamRequest!.headers["x-shared-status"]).toBe("1");
    expect(Buffer.from(host.sharedData.get("same", "k")!.value).toString()).toBe("from-a");
  });
});

describe("shared queues", () => {
  it("delivers proxy_on_queue_ready to the registering root context, also from another VM", async () => {
    const host = new Host();
    const owner = await host.loadPlugin({ wasm: kitchen, vmId: "q", rootId: "owner" });
    const producer = await host.loadPlugin({ wasm: kitchen, vmId: "producer" });
    const local = await owner.request({ headers: { "x-action": "enqueue", "x-value": "one" } });
    expect(local.upstreamRequest!.headers["x-queue-status"]).toBe("0");
    const remote = await producer.request({ headers: { "x-action": "enqueue", "x-vm-id": "q", "x-value": "two" } });
    expect(remote.upstreamRequest!.headers["x-queue-status"]).toBe("0");
    expect(host.logs.messages("info").filter((line) => line.startsWith("dequeued"))).toEqual([
      `dequeued on context ${owner.rootContextId}: one`,
      `dequeued on context ${owner.rootContextId}: two`,
    ]);
    const missing = await producer.request({ headers: { "x-action": "enqueue", "x-vm-id": "nowhere" } });
    expect(missing.upstreamRequest!.headers["x-queue-status"]).toBe("not-found");
  });
});

describe("metrics and logs", () => {
  it("keeps metrics by name: counters, gauges and histogram values", async () => {
    const host = new Host();
    const plugin = await host.loadPlugin({ wasm: kitchen });
    await plugin.request({ headers: { a: "1" } });
    await plugin.request({ headers: { a: "1", b: "2" } });
    expect(host.metrics.get("kitchen_requests_total")).toMatchObject({ type: "counter", value: 2 });
    expect(host.metrics.get("wasmcustom.kitchen_active_streams")).toMatchObject({ type: "gauge", value: 0 });
    const histogram = host.metrics.get("kitchen_request_header_count")!;
    expect(histogram.type).toBe("histogram");
    expect(histogram.values[1]! - histogram.values[0]!).toBe(1);
  });

  it("answers proxy_get_log_level with the configured level and captures lines by level", async () => {
    const host = new Host({ logLevel: "warn" });
    const plugin = await host.loadPlugin({ wasm: kitchen });
    const result = await plugin.request({ headers: { "x-action": "log-level" } });
    expect(result.upstreamRequest!.headers["x-log-level"]).toBe("3");
    expect(host.logs.byLevel("info").length).toBeGreaterThan(0);
    expect(host.logs.atLeast("warn")).toEqual([]);
  });
});
