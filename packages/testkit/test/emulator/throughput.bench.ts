// Throughput of the emulator (run: npx vitest bench --run). Target: a
// header-only filter at 50,000+ requests/second on one core.
import { bench, describe } from "vitest";
import { Host } from "../../src/emulator/index.ts";
import { compileFixture } from "../fixtures/compile-fixture.ts";

const host = new Host();
const plugin = await host.loadPlugin({ wasm: await compileFixture("header-only") });
const kitchenHost = new Host();
const kitchen = await kitchenHost.loadPlugin({ wasm: await compileFixture("kitchen") });
const staticUpstream = () => ({ status: 200 });

describe("requests through the emulator", () => {
  bench("header-only filter, static upstream", async () => {
    await plugin.request({ path: "/bench" }, { upstream: staticUpstream });
  });

  bench("header-only filter, echo upstream", async () => {
    await plugin.request({ path: "/bench" });
  });

  bench("kitchen fixture (metrics, logs, several hostcalls), static upstream", async () => {
    await kitchen.request({ path: "/bench" }, { upstream: staticUpstream });
    if (kitchenHost.logs.entries.length > 10_000) kitchenHost.logs.clear();
  });
});
