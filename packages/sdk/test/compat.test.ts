// The @solo-io/proxy-runtime 0.1.15 compatibility entry (assembly/compat),
// through a filter written in that style (assembly/compat/probe-filter.ts)
// on the fake host: it exports exactly the SDK's ABI entry points, imports
// only ABI 0.2.1 hostcalls, keeps the old contracts (missing property or
// header is empty, not a trap), routes one old Context to both HTTP and TCP
// callbacks with its lifecycle callbacks called once, and stays flat in
// memory.

import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { STREAM_CALLBACKS } from "../transform/stream-callbacks.js";
import { compileAssemblyScript, SDK_DIR } from "./support/compile.ts";
import { FakeHost } from "./support/fake-host.ts";

const REQUEST_HEADERS = 0;
const INFO = 2;
const ROOT_ID = 1;

let wasm: Uint8Array;

beforeAll(async () => {
  const entry = path.join(SDK_DIR, "test", "assembly", "compat", "probe-filter.ts");
  wasm = await compileAssemblyScript(entry, ["--config", path.join(SDK_DIR, "asconfig.preset.json"), "--target", "release"]);
});

/** Names the SDK's own ABI entry (assembly/proxy.ts) exports. */
function sdkAbiExports(): string[] {
  const source = readFileSync(path.join(SDK_DIR, "assembly", "proxy.ts"), "utf8");
  const names: string[] = [];
  for (const block of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const item of block[1]!.split(",")) {
      const words = item.trim().split(/\s+as\s+/);
      if (words[0]) names.push(words.at(-1)!);
    }
  }
  for (const fn of source.matchAll(/export function (\w+)/g)) names.push(fn[1]!);
  return names;
}

/** Hostcalls the SDK declares (assembly/imports.ts): the ABI 0.2.1 set. */
function sdkHostcalls(): Set<string> {
  const source = readFileSync(path.join(SDK_DIR, "assembly", "imports.ts"), "utf8");
  return new Set([...source.matchAll(/@external\("env", "(\w+)"\)/g)].map((match) => match[1]!));
}

async function startProbe(rootId: string, configuration: string): Promise<{ host: FakeHost; configured: number }> {
  const host = new FakeHost();
  host.logLevel = INFO;
  host.setProperty(["plugin_root_id"], rootId);
  host.pluginConfiguration = new TextEncoder().encode(configuration);
  await host.load(wasm);
  host.call("proxy_on_context_create", ROOT_ID, 0);
  host.call("proxy_on_vm_start", ROOT_ID, 0);
  const configured = host.call("proxy_on_configure", ROOT_ID, host.pluginConfiguration.length);
  return { host, configured };
}

function messages(host: FakeHost): string[] {
  return host.logs.filter((line) => line.level === INFO).map((line) => line.message);
}

describe("compat entry (0.1.15 API) on the fake host", () => {
  it("exports exactly the SDK's ABI entry points, less the stream callbacks its Context does not override, plus the probe's own function", () => {
    const exported = WebAssembly.Module.exports(new WebAssembly.Module(wasm)).map((entry) => entry.name);
    // The probe's Context overrides these stream callbacks (transform/stream-callbacks.js prunes the others).
    const overridden = new Set(["proxy_on_request_headers", "proxy_on_new_connection", "proxy_on_downstream_data", "proxy_on_downstream_connection_close", "proxy_on_done", "proxy_on_log"]);
    const streamCallbacks = new Set(Object.values(STREAM_CALLBACKS));
    const abi = sdkAbiExports().filter((name) => !streamCallbacks.has(name) || overridden.has(name));
    const expected = [...abi, "_initialize", "memory", "apiSurface"];
    expect(sdkAbiExports()).toContain("proxy_on_http_call_response");
    expect([...exported].sort()).toEqual([...new Set(expected)].sort());
  });

  it("imports only ABI 0.2.1 hostcalls, none of 0.1.15's 0.1.0-only ones", () => {
    const imported = WebAssembly.Module.imports(new WebAssembly.Module(wasm)).map((entry) => `${entry.module}.${entry.name}`);
    const known = sdkHostcalls();
    expect(imported.filter((name) => !name.startsWith("env.") || !known.has(name.slice(4)))).toEqual([]);
    expect(imported).not.toContain("env.proxy_clear_route_cache");
    expect(imported).toContain("env.proxy_set_buffer_bytes");
  });

  it("stores the configuration for getConfiguration() in the default onConfigure", async () => {
    const { host, configured } = await startProbe("probe", "some text");
    expect(configured).toBe(1);
    expect(messages(host)).toContain("configured: [some text]");
  });

  it("serves a root id it has no exact factory for, as SDK plugins are served", async () => {
    const { host, configured } = await startProbe("another-name", "x");
    expect(configured).toBe(1);
    expect(messages(host)).toContain("configured: [x]");
  });

  it("answers a missing property and a missing header with empty values instead of trapping", async () => {
    const { host } = await startProbe("probe", "cfg");
    const headers: Array<[string, string]> = [[":path", "/p"], [":method", "GET"]];
    host.maps.set(REQUEST_HEADERS, headers);
    host.call("proxy_on_context_create", 2, ROOT_ID);
    expect(host.call("proxy_on_request_headers", 2, 2, 1)).toBe(1);
    expect(messages(host)).toEqual(expect.arrayContaining([
      "missing property bytes: 0",
      "root id: probe",
      "missing header: []",
      "path: /p",
    ]));
    expect(headers).toContainEqual(["x-probe", "cfg"]);
  });

  it("routes TCP callbacks to the same Context and calls its lifecycle callbacks once", async () => {
    const { host } = await startProbe("probe", "");
    host.call("proxy_on_context_create", 3, ROOT_ID);
    expect(host.call("proxy_on_new_connection", 3)).toBe(1);
    expect(host.call("proxy_on_downstream_data", 3, 5, 1)).toBe(0);
    host.call("proxy_on_downstream_connection_close", 3, 2);
    host.call("proxy_on_done", 3);
    host.call("proxy_on_log", 3);
    host.call("proxy_on_delete", 3);
    const seen = messages(host).filter((line) => !line.startsWith("configured"));
    expect(seen).toEqual(["new connection 3", "downstream 5 end=true", "downstream closed by 2", "done 3", "log 3", "delete 3"]);
    // Deleted: later callbacks for the id find no context and let traffic through.
    expect(host.call("proxy_on_new_connection", 3)).toBe(0);
  });

  it("keeps memory flat over many request lifecycles", async () => {
    const { host } = await startProbe("probe", "cfg");
    const runRequests = (from: number, count: number): void => {
      for (let id = from; id < from + count; id++) {
        host.maps.set(REQUEST_HEADERS, [[":path", "/p"], [":method", "GET"]]);
        host.call("proxy_on_context_create", id, ROOT_ID);
        host.call("proxy_on_request_headers", id, 2, 1);
        host.call("proxy_on_done", id);
        host.call("proxy_on_log", id);
        host.call("proxy_on_delete", id);
      }
      host.logs.length = 0;
    };
    runRequests(10, 300);
    const warmed = host.memoryBytes();
    runRequests(1000, 3000);
    expect(host.memoryBytes()).toBe(warmed);
  });
});
