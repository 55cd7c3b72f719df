// The preset's transform (transform/stream-callbacks.js): a module built with
// the SDK's preset exports the per-stream callbacks its contexts override and
// no other, so Envoy skips the rest; lifecycle, configuration and event
// callbacks stay. Fixtures: test/assembly/callbacks/.

import path from "node:path";
import { describe, expect, it } from "vitest";
import { STREAM_CALLBACKS, usedStreamCallbacks } from "../transform/stream-callbacks.js";
import { compileAssemblyScript, SDK_DIR } from "./support/compile.ts";

const ALWAYS_EXPORTED = [
  "proxy_abi_version_0_2_1",
  "malloc",
  "proxy_on_memory_allocate",
  "_initialize",
  "proxy_on_context_create",
  "proxy_on_vm_start",
  "proxy_on_configure",
  "proxy_on_delete",
  "proxy_on_tick",
  "proxy_on_queue_ready",
  "proxy_on_foreign_function",
  "proxy_on_http_call_response",
  "proxy_on_grpc_receive_initial_metadata",
  "proxy_on_grpc_receive",
  "proxy_on_grpc_receive_trailing_metadata",
  "proxy_on_grpc_close",
];

const STREAM_CALLBACK_NAMES = new Set(Object.values(STREAM_CALLBACKS));

async function exportsOf(fixture: string, extraArgs: readonly string[] = [], preset = path.join(SDK_DIR, "asconfig.preset.json")): Promise<string[]> {
  const entry = path.join(SDK_DIR, "test", "assembly", "callbacks", `${fixture}.ts`);
  const wasm = await compileAssemblyScript(entry, ["--config", preset, "--target", "release", ...extraArgs]);
  return WebAssembly.Module.exports(new WebAssembly.Module(wasm)).map((entry) => entry.name);
}

function streamCallbacks(exported: readonly string[]): string[] {
  return exported.filter((name) => STREAM_CALLBACK_NAMES.has(name)).sort();
}

describe("stream callbacks exported by the preset's transform", () => {
  it("a filter overriding onRequestHeaders exports that callback only, and every lifecycle and event callback", async () => {
    const exported = await exportsOf("headers-only");
    expect(streamCallbacks(exported)).toEqual(["proxy_on_request_headers"]);
    expect(exported).toEqual(expect.arrayContaining(ALWAYS_EXPORTED));
  });

  it("counts the callbacks of every level of a class hierarchy, root contexts' onDone included", async () => {
    expect(streamCallbacks(await exportsOf("inherited"))).toEqual(["proxy_on_done", "proxy_on_log", "proxy_on_response_body"]);
  });

  it("keeps the connection callbacks a network filter overrides", async () => {
    expect(streamCallbacks(await exportsOf("tcp"))).toEqual(["proxy_on_downstream_data", "proxy_on_upstream_connection_close"]);
  });

  it("on the compat entry, looks at the 0.1.15 Context, not at the SDK's forwarding adapters", async () => {
    expect(streamCallbacks(await exportsOf("compat"))).toEqual(["proxy_on_done", "proxy_on_response_headers"]);
  });

  it("loads from a preset named by a relative path, as the README's asc command names it", async () => {
    // asc turns a relative path in a relative config into a bare specifier: the preset names the transform by package.
    const relativePreset = path.relative(process.cwd(), path.join(SDK_DIR, "asconfig.preset.json"));
    expect(path.isAbsolute(relativePreset)).toBe(false);
    expect(streamCallbacks(await exportsOf("headers-only", [], relativePreset))).toEqual(["proxy_on_request_headers"]);
  });

  it("prunes debug builds alike", async () => {
    expect(streamCallbacks(await exportsOf("headers-only", ["--target", "debug"]))).toEqual(["proxy_on_request_headers"]);
  });
});

describe("stream-callbacks transform on programs it does not expect", () => {
  it("leaves a program without the SDK's dispatcher alone", () => {
    expect(usedStreamCallbacks({ elementsByName: new Map([["main/Filter", {}]]) })).toBeNull();
  });

  it("refuses to prune when the SDK's context classes are not where it expects them (pruning blind would drop callbacks)", () => {
    const program = { elementsByName: new Map([["~lib/@envoyscript/sdk/assembly/dispatch/http/proxy_on_request_headers", {}]]) };
    expect(() => usedStreamCallbacks(program)).toThrow(/HttpContext class was not found/);
  });
});
