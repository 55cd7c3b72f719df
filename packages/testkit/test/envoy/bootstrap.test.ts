// The PluginConfig the real-Envoy backend writes for a filter's failure
// settings (Envoy validates it in the example tests that start Envoy with it).
import { describe, expect, it } from "vitest";
import { wasmHttpFilter, type WasmFilter } from "../../src/index.ts";

function pluginConfigOf(filter: Omit<WasmFilter, "module">): Record<string, unknown> {
  return (wasmHttpFilter({ module: "/m/filter.wasm", rootId: "f", ...filter }).typed_config as { config: Record<string, unknown> }).config;
}

describe("a wasm filter's failure settings in Envoy's PluginConfig", () => {
  it.each([
    [{}, { failure_policy: "FAIL_CLOSED" }],
    [{ failurePolicy: "open" }, { failure_policy: "FAIL_OPEN" }],
    [{ failurePolicy: "reload" }, { failure_policy: "FAIL_RELOAD" }],
    [{ failurePolicy: "reload", reloadBackoffMs: 250 }, { failure_policy: "FAIL_RELOAD", reload_config: { backoff: { base_interval: "0.25s" } } }],
  ] as const)("%j becomes %j", (filter, fields) => {
    const config = pluginConfigOf(filter);
    expect({ failure_policy: config.failure_policy, reload_config: config.reload_config, fail_open: config.fail_open }).toEqual({ reload_config: undefined, fail_open: undefined, ...fields });
  });

  it("refuses what the emulator refuses, with the same message", () => {
    expect(() => pluginConfigOf({ reloadBackoffMs: 250 })).toThrow(/plugin "f": reloadBackoffMs \(250\) applies to failurePolicy "reload" only/);
    expect(() => pluginConfigOf({ failurePolicy: "reload", reloadBackoffMs: 1 })).toThrow(RangeError);
  });
});
