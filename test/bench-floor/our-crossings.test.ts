// What our modules ask of Envoy per request, counted the way the benchmark
// counts them (bench/floor/call-counts.ts) on the load test's request and
// configurations: each callback and hostcall is a V8 entry or exit that no
// code in the module can make cheaper (docs/BENCHMARKS.md, cost model), so
// these counts only go down. Needs the modules built (`npm run build`).
import { describe, expect, it } from "vitest";
import { countCalls } from "../../bench/floor/call-counts.ts";
import { ABSENT_HEADER_GET } from "../../bench/floor/modules.ts";
import { makeJwtFixtures } from "../../bench/lib/jwt-fixtures.ts";
import { loadConfigurations } from "../../bench/scenarios/index.ts";

const configurations = loadConfigurations({ jwt: makeJwtFixtures(), goPeer: {} });

async function counted(id: string) {
  const counts = await countCalls(configurations.find((configuration) => configuration.id === id)!);
  expect(counts.status, counts.reason).toBe("counted");
  return counts;
}

describe("per-request crossings of our modules (emulator, the benchmark's request)", () => {
  it("hello: the two header callbacks it overrides and the two the SDK needs, the log level, one header add", async () => {
    const counts = await counted("hello/ours");
    // No proxy_on_response_body, proxy_on_done or proxy_on_log: the preset's transform exports only what a context overrides.
    expect(counts.callbacks).toEqual({ proxy_on_context_create: 1, proxy_on_request_headers: 1, proxy_on_response_headers: 1, proxy_on_delete: 1 });
    // Below the host's level hello neither reads :method and :path nor builds its line.
    expect(counts.hostcalls).toEqual({ "env.proxy_get_log_level": 1, "env.proxy_add_header_map_value": 1 });
    expect(counts.allocations).toBe(0);
  });

  it("fault-injection, untagged traffic: three callbacks, one lookup of the tag header, which copies nothing, and no other hostcall", async () => {
    const counts = await counted("fault-injection/ours");
    expect(counts.hostcalls).toEqual({ [ABSENT_HEADER_GET]: 1 });
    expect(counts.allocations, "Envoy answers NOT_FOUND without calling the allocator").toBe(0);
    // The slot a fault holds is given back at proxy_on_delete: no proxy_on_done, no body or response callbacks.
    expect(counts.callbacks).toEqual({ proxy_on_context_create: 1, proxy_on_request_headers: 1, proxy_on_delete: 1 });
  });
});
