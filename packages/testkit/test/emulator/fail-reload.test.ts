// FAIL_RELOAD in the emulator, as Envoy 1.40 does it
// (PluginConfig::maybeReloadHandleIfNeeded): checked when a stream starts;
// the backoff counts from the plugin's last (re)load and is drawn in
// [base, 1.5 × base) at each check; the new VM is a fresh instance of the
// module, started and configured again; a reload that fails keeps the failed
// VM. Time is the emulator's virtual clock: nothing here waits.
import { beforeAll, describe, expect, it } from "vitest";
import { Host, type Plugin, type PluginOptions } from "../../src/emulator/index.ts";
import { compileFixture } from "../fixtures/compile-fixture.ts";

let kitchen: Uint8Array;
let tcp: Uint8Array;
beforeAll(async () => {
  [kitchen, tcp] = await Promise.all([compileFixture("kitchen"), compileFixture("tcp")]);
});

async function reloading(options: PluginOptions = {}): Promise<{ host: Host; plugin: Plugin }> {
  const host = new Host();
  const plugin = await host.loadPlugin({ wasm: kitchen, rootId: "kitchen", failurePolicy: "reload", ...options });
  return { host, plugin };
}

const TRAP = { headers: { "x-action": "trap" } };
const startsOf = (host: Host) => host.logs.messages("info").filter((line) => line.startsWith("vm config:")).length;
const configuresOf = (host: Host) => host.logs.messages("info").filter((line) => line.startsWith("configured:")).length;

describe("FAIL_RELOAD", () => {
  it("refuses requests until the backoff (1 s) since the VM loaded has passed, then a new VM serves", async () => {
    const { host, plugin } = await reloading({ configuration: "c1" });
    const first = plugin.vm;
    expect(plugin.reloadBackoffMs).toBe(1000);
    expect((await plugin.request()).status).toBe(200);
    const trapped = await plugin.request(TRAP);
    expect(trapped.status).toBe(503);
    expect(trapped.trapped).toBe(true);

    host.clock.advance(999); // below the shortest interval Envoy draws
    const during = await plugin.request();
    expect(during).toMatchObject({ status: 503, trapped: false, upstreamRequest: null, details: "wasm_fail_stream" });
    expect(plugin.vm).toBe(first);

    host.clock.advance(501); // 1.5 s since the load: past the longest interval
    const after = await plugin.request({ path: "/after" });
    expect(after.status).toBe(200);
    expect(after.upstreamRequest!.headers).toMatchObject({ "x-kitchen-request": "seen", "x-config": "c1" });
    expect(plugin.vm).not.toBe(first);
    expect(plugin.failed).toBe(false);
    expect(first.failed).toBe(true);
    expect([startsOf(host), configuresOf(host)]).toEqual([2, 2]);
  });

  it("counts the backoff from the VM's last load, not from the trap: a VM that served longer is replaced at the next request", async () => {
    const { host, plugin } = await reloading();
    host.clock.advance(5_000);
    expect((await plugin.request(TRAP)).status).toBe(503);
    const next = await plugin.request();
    expect(next.status).toBe(200);
    expect(next.upstreamRequest).not.toBeNull();
    // The new VM was loaded just now: a trap at once leaves the next requests refused for a backoff.
    expect((await plugin.request(TRAP)).status).toBe(503);
    expect((await plugin.request()).status).toBe(503);
    host.clock.advance(1_500);
    expect((await plugin.request()).status).toBe(200);
    expect(startsOf(host)).toBe(3);
  });

  it("takes the backoff base from reloadBackoffMs", async () => {
    const { host, plugin } = await reloading({ reloadBackoffMs: 40 });
    await plugin.request(TRAP);
    host.clock.advance(39);
    expect((await plugin.request()).status).toBe(503);
    host.clock.advance(21);
    expect((await plugin.request()).status).toBe(200);
  });

  it("draws each interval anew in [base, 1.5 × base), as Envoy's jittered backoff", async () => {
    const host = new Host();
    const outcomes = new Set<number>();
    for (let i = 0; i < 40; i++) {
      const plugin = await host.loadPlugin({ wasm: kitchen, rootId: `k${i}`, failurePolicy: "reload", reloadBackoffMs: 100 });
      const loadedAt = host.clock.elapsedMs();
      await plugin.request(TRAP);
      host.clock.advance(loadedAt + 125 - host.clock.elapsedMs()); // mid-range: reloaded or not, by the draw
      outcomes.add((await plugin.request()).status);
    }
    expect([...outcomes].sort()).toEqual([200, 503]);
  });

  it("keeps the failed VM when the new one refuses its configuration, and tries again a backoff later", async () => {
    const { host, plugin } = await reloading({ configuration: "refuse-reload" });
    const first = plugin.vm;
    await plugin.request(TRAP);
    host.clock.advance(1_500);
    expect((await plugin.request()).status).toBe(503);
    expect(plugin.vm).toBe(first);
    expect((await plugin.request()).status).toBe(503); // the next attempt waits for a backoff
    host.clock.advance(1_500);
    expect((await plugin.request()).status).toBe(503);
    const refusals = host.logs.messages("error").filter((line) => line.startsWith(`Plugin "kitchen" failed to reload`));
    expect(refusals).toHaveLength(2);
    expect(refusals[0]).toContain("E_KITCHEN_RELOAD");
  });

  it("keeps shared data across the reload (Envoy keeps it per vm id, not per VM)", async () => {
    const { host, plugin } = await reloading();
    await plugin.request({ headers: { "x-action": "shared-set", "x-key": "k", "x-value": "before" } });
    await plugin.request(TRAP);
    host.clock.advance(1_500);
    const read = await plugin.request({ headers: { "x-action": "shared-get", "x-key": "k" } });
    expect(read.upstreamRequest!.headers["x-shared-value"]).toBe("before");
  });

  it("moves plugins that share a VM to one new VM, and leaves a fail-closed neighbour failed", async () => {
    const host = new Host();
    const vm = await host.loadVm({ wasm: kitchen, vmId: "shared" });
    const a = vm.configurePlugin({ rootId: "a", failurePolicy: "reload" });
    const b = vm.configurePlugin({ rootId: "b", failurePolicy: "reload" });
    const c = vm.configurePlugin({ rootId: "c" });
    await a.request(TRAP);
    expect([a.failed, b.failed, c.failed]).toEqual([true, true, true]);
    host.clock.advance(1_500);
    expect((await host.chain([a, b]).request()).status).toBe(200);
    expect(a.vm).toBe(b.vm);
    expect(a.vm).not.toBe(vm);
    expect(a.vm.vmId).toBe("shared");
    expect([...a.vm.plugins.keys()]).toEqual(["a", "b"]);
    expect((await c.request()).status).toBe(503);
    expect(c.vm).toBe(vm);
  });

  it("closes connections of a network filter until the backoff has passed, then a new VM filters them", async () => {
    const host = new Host();
    const plugin = await host.loadPlugin({ wasm: tcp, failurePolicy: "reload" });
    const trapping = plugin.tcpConnection();
    trapping.sendFromDownstream("trap\n");
    expect(trapping.closedBy).toBe("wasm_fail");
    expect(plugin.tcpConnection().accepted).toBe(false);
    host.clock.advance(1_500);
    const connection = plugin.tcpConnection();
    expect(connection.accepted).toBe(true);
    connection.sendFromDownstream("ping\n");
    expect(Buffer.from(connection.toUpstream.bytes()).toString()).toBe("[wasm]ping\n");
  });
});

describe("failure settings", () => {
  it.each([
    [{ failurePolicy: "reopen" }, /failurePolicy "reopen" is not one of "closed", "open", "reload"/],
    [{ reloadBackoffMs: 500 }, /reloadBackoffMs \(500\) applies to failurePolicy "reload" only/],
    [{ failurePolicy: "reload", reloadBackoffMs: 1 }, /reloadBackoffMs must be a whole number of milliseconds of at least 2 .* got 1/],
    [{ failurePolicy: "reload", reloadBackoffMs: 2.5 }, /got 2\.5/],
  ])("refuses %j, naming the option", async (options, message) => {
    const host = new Host();
    await expect(host.loadPlugin({ wasm: kitchen, rootId: "kitchen", ...(options as PluginOptions) })).rejects.toThrow(message);
  });
});
