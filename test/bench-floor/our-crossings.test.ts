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
    // No lookup by name: Envoy never indexes a header map for hello.
    expect(counts.headerMapIndexes).toBe(0);
  });

  it("fault-injection, untagged traffic: three callbacks, one lookup of the tag header, which copies nothing, and no other hostcall", async () => {
    const counts = await counted("fault-injection/ours");
    expect(counts.hostcalls).toEqual({ [ABSENT_HEADER_GET]: 1 });
    expect(counts.allocations, "Envoy answers NOT_FOUND without calling the allocator").toBe(0);
    // That lookup is the request's first by name: Envoy indexes the request headers for it.
    expect(counts.headerMapIndexes).toBe(1);
    // The slot a fault holds is given back at proxy_on_delete: no proxy_on_done, no body or response callbacks.
    expect(counts.callbacks).toEqual({ proxy_on_context_create: 1, proxy_on_request_headers: 1, proxy_on_delete: 1 });
  });

  it("jwt-authz, token-cache hit: one read of the request's headers for the output header's absence, the token and the request line policies test", async () => {
    const counts = await counted("jwt-authz/ours-hit");
    expect(counts.callbacks).toEqual({ proxy_on_context_create: 1, proxy_on_request_headers: 1, proxy_on_delete: 1 });
    expect(counts.hostcalls).toEqual({
      // x-user (absent), authorization, :method and :path from one map: not four proxy_get_header_map_value.
      "env.proxy_get_header_map_pairs": 1,
      // The token's expiry against the cache entry.
      "env.proxy_get_current_time_nanoseconds": 1,
      // cache hit, authenticated, allowed.
      "env.proxy_increment_metric": 3,
      // The token leaves the request; x-user carries its subject.
      "env.proxy_remove_header_map_value": 1,
      "env.proxy_replace_header_map_value": 1,
    });
    expect(counts.allocations, "the one block Envoy places the map in").toBe(1);
    // The remove and the replace look up by name in the same map: indexed once.
    expect(counts.headerMapIndexes).toBe(1);
  });

  it("jwt-authz, the same request without its token: the same one read of the headers, no clock, a 403", async () => {
    const hit = configurations.find((configuration) => configuration.id === "jwt-authz/ours-hit")!;
    const { authorization: _token, ...headers } = hit.request.headers;
    const counts = await countCalls({ ...hit, id: "jwt-authz/ours-no-token", request: { ...hit.request, headers }, expect: { status: 403 } });
    expect(counts.status, counts.reason).toBe("counted");
    expect(counts.hostcalls).toEqual({
      // x-user, authorization (both absent) and :path for an access_token parameter, from one map.
      "env.proxy_get_header_map_pairs": 1,
      // unauthenticated, denied; the debug line's level check; the 403.
      "env.proxy_increment_metric": 2,
      "env.proxy_get_log_level": 1,
      "env.proxy_send_local_response": 1,
    });
  });
});
