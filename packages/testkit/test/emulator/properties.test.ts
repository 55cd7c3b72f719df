import { beforeAll, describe, expect, it } from "vitest";
import { Host, type Plugin, property, unmarshalBytePairs } from "../../src/emulator/index.ts";
import { compileFixture } from "../fixtures/compile-fixture.ts";

let kitchen: Uint8Array;
beforeAll(async () => {
  kitchen = await compileFixture("kitchen");
});

const START = 1_700_000_000_000;

function int64(value: number | bigint): string {
  const out = Buffer.alloc(8);
  out.writeBigInt64LE(BigInt(value));
  return out.toString("hex");
}

function double(value: number): string {
  const out = Buffer.alloc(8);
  out.writeDoubleLE(value);
  return out.toString("hex");
}

const text = (value: string) => Buffer.from(value).toString("hex");

/** Reads properties through the module; values come back hex-encoded (or "status:<n>"). */
async function readProperties(plugin: Plugin, paths: string[], options: Parameters<Plugin["request"]>[1] = {}, extraHeaders: Record<string, string> = {}) {
  const result = await plugin.request({ path: "/p?q=1", headers: { "x-action": "props", "x-props": paths.join(","), ...extraHeaders } }, options);
  return paths.map((_, i) => result.upstreamRequest!.headers[`x-prop-${i}`]);
}

describe("properties", () => {
  it("answers Envoy's attributes with Envoy's encodings", async () => {
    const host = new Host({ clock: { startTimeMs: START }, node: { id: "node-7", metadata: { region: "eu" } } });
    const plugin = await host.loadPlugin({ wasm: kitchen, name: "kitchen-plugin", rootId: "kitchen-root", vmId: "vm-9" });
    const values = await readProperties(plugin, [
      "request/path",
      "request/method",
      "request/url_path",
      "request/query",
      "request/time",
      "source/port",
      "destination/address",
      "connection/mtls",
      "plugin_name",
      "plugin_root_id",
      "plugin_vm_id",
      "node/id",
      "node/metadata/region",
      "response/code",
      "no/such/thing",
    ]);
    expect(values).toEqual([
      text("/p?q=1"),
      text("GET"),
      text("/p"),
      text("q=1"),
      int64(BigInt(START) * 1_000_000n),
      int64(50000),
      text("127.0.0.1:10000"),
      "00",
      text("kitchen-plugin"),
      text("kitchen-root"),
      text("vm-9"),
      text("node-7"),
      text("eu"),
      "status:1",
      "status:1",
    ]);
  });

  it("serialises maps as pairs", async () => {
    const host = new Host();
    const plugin = await host.loadPlugin({ wasm: kitchen });
    const [headers] = await readProperties(plugin, ["request/headers"], {}, { "x-multi": "a" });
    const pairs = unmarshalBytePairs(Buffer.from(headers!, "hex")).map(([k, v]) => [Buffer.from(k).toString(), Buffer.from(v).toString()]);
    expect(pairs).toContainEqual([":path", "/p?q=1"]);
    expect(pairs).toContainEqual(["x-multi", "a"]);
  });

  it("takes per-request overrides, with dynamic metadata as a Struct (numbers are doubles)", async () => {
    const host = new Host();
    const plugin = await host.loadPlugin({ wasm: kitchen });
    const jwt = "envoy.filters.http.jwt_authn";
    const values = await readProperties(plugin, [`metadata/filter_metadata/${jwt}/payload/sub`, `metadata/filter_metadata/${jwt}/payload/exp`, "source/address", "custom/flag", "custom/count"], {
      properties: {
        metadata: { filter_metadata: { [jwt]: { payload: { sub: "alice", exp: 1700000000 } } } },
        source: { address: "10.1.2.3:4444" },
        custom: { flag: true, count: property.uint64(5) },
      },
    });
    expect(values).toEqual([text("alice"), double(1700000000), text("10.1.2.3:4444"), "01", int64(5)]);
  });

  it("reads back what the module set with proxy_set_property, also under filter_state", async () => {
    const host = new Host();
    const plugin = await host.loadPlugin({ wasm: kitchen });
    const result = await plugin.request({ headers: { "x-action": "props", "x-set-prop": "my.key=hello", "x-props": "my.key,filter_state/wasm.my.key" } });
    const headers = result.upstreamRequest!.headers;
    expect(headers["x-set-status"]).toBe("0");
    expect([headers["x-prop-0"], headers["x-prop-1"]]).toEqual([text("hello"), text("hello")]);
  });
});

describe("foreign functions", () => {
  it("calls a function the test registered, and answers NOT_FOUND for others", async () => {
    const host = new Host({ foreignFunctions: { reverse: (args) => Buffer.from(args).reverse() } });
    const plugin = await host.loadPlugin({ wasm: kitchen });
    const found = await plugin.request({ headers: { "x-action": "ffi", "x-function": "reverse", "x-value": "abc" } });
    expect(found.upstreamRequest!.headers["x-ffi"]).toBe("cba");
    const missing = await plugin.request({ headers: { "x-action": "ffi", "x-function": "nope" } });
    expect(missing.upstreamRequest!.headers["x-ffi"]).toBe("status:1");
  });
});
