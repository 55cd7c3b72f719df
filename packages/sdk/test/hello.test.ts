// The hello example, built with the shared preset, driven through a small
// fake host: routing by root id, configuration errors naming the field,
// header and log behaviour, and memory that stays flat over many requests.

import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileAssemblyScript, SDK_DIR } from "./support/compile.ts";
import { FakeHost } from "./support/fake-host.ts";

const REQUEST_HEADERS = 0;
const RESPONSE_HEADERS = 2;
const INFO = 2;
const ROOT_ID = 1;

let wasm: Uint8Array;

beforeAll(async () => {
  const entry = path.join(SDK_DIR, "..", "..", "examples", "hello", "assembly", "index.ts");
  wasm = await compileAssemblyScript(entry, ["--config", path.join(SDK_DIR, "asconfig.preset.json"), "--target", "release"]);
});

async function startHello(configuration: string, rootId = "hello"): Promise<{ host: FakeHost; configured: number }> {
  const host = new FakeHost();
  host.setProperty(["plugin_root_id"], rootId);
  host.pluginConfiguration = new TextEncoder().encode(configuration);
  await host.load(wasm);
  host.call("proxy_on_context_create", ROOT_ID, 0);
  host.call("proxy_on_vm_start", ROOT_ID, 0);
  const configured = host.call("proxy_on_configure", ROOT_ID, host.pluginConfiguration.length);
  return { host, configured };
}

function runRequest(host: FakeHost, contextId: number, method: string, requestPath: string): Array<[string, string]> {
  const response: Array<[string, string]> = [[":status", "200"]];
  host.maps.set(REQUEST_HEADERS, [[":method", method], [":path", requestPath], [":authority", "example"]]);
  host.maps.set(RESPONSE_HEADERS, response);
  host.call("proxy_on_context_create", contextId, ROOT_ID);
  expect(host.call("proxy_on_request_headers", contextId, 3, 1)).toBe(0);
  expect(host.call("proxy_on_response_headers", contextId, 1, 0)).toBe(0);
  host.call("proxy_on_done", contextId);
  host.call("proxy_on_log", contextId);
  host.call("proxy_on_delete", contextId);
  return response;
}

describe("hello example on a fake host", () => {
  it("exports the ABI entry points Envoy looks for", () => {
    const exports = WebAssembly.Module.exports(new WebAssembly.Module(wasm)).map((entry) => entry.name);
    expect(exports).toEqual(expect.arrayContaining(["proxy_abi_version_0_2_1", "malloc", "proxy_on_memory_allocate", "_initialize", "proxy_on_context_create", "proxy_on_request_headers"]));
  });

  it("adds x-hello from the configuration and logs each request at INFO", async () => {
    const { host, configured } = await startHello('{"greeting": "there"}');
    expect(configured).toBe(1);
    const response = runRequest(host, 2, "POST", "/submit?x=1");
    expect(response).toContainEqual(["x-hello", "there"]);
    expect(host.logs).toContainEqual({ level: INFO, message: "hello: POST /submit?x=1" });
  });

  it("defaults the greeting to world when there is no configuration", async () => {
    const { host, configured } = await startHello("");
    expect(configured).toBe(1);
    expect(runRequest(host, 2, "GET", "/")).toContainEqual(["x-hello", "world"]);
  });

  it("refuses a bad configuration with one line naming the field", async () => {
    const { host, configured } = await startHello('{"greeting": 42}');
    expect(configured).toBe(0);
    const errors = host.logs.filter((line) => line.level === 4).map((line) => line.message);
    expect(errors).toEqual(["hello: greeting: expected a string, got 42 [E_CONFIG_TYPE]"]);
  });

  it("skips building log lines the host would drop", async () => {
    const { host } = await startHello("");
    host.logLevel = 3; // WARN
    runRequest(host, 2, "GET", "/quiet");
    expect(host.logs.some((line) => line.message.includes("/quiet"))).toBe(false);
  });

  it("serves any root id with the only registered plugin", async () => {
    // A single-plugin module works whatever root_id Envoy sets.
    const { host, configured } = await startHello("", "other");
    expect(configured).toBe(1);
    expect(runRequest(host, 2, "GET", "/")).toContainEqual(["x-hello", "world"]);
  });

  it("keeps memory flat over many requests", async () => {
    const { host } = await startHello('{"greeting": "flat"}');
    for (let id = 2; id < 5_002; id++) runRequest(host, id, "GET", `/warmup/${id}`);
    const afterWarmup = host.memoryBytes();
    for (let id = 5_002; id < 40_002; id++) runRequest(host, id, "GET", `/steady/${id}`);
    expect(host.memoryBytes()).toBe(afterWarmup);
    host.logs.length = 0;
  });
});
