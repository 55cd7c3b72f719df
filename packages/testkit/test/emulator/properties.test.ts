import { beforeAll, describe, expect, it } from "vitest";
import { Host, type Plugin, property, unmarshalBytePairs } from "../../src/emulator/index.ts";
import { encodeMetadata, encodeNode } from "../../src/emulator/abi/protobuf.ts";
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
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/** Decodes nested pairs (Envoy's serialisation of CEL maps) into [key, value] entries, values as hex. */
function pairs(hexValue: string): Array<[string, string]> {
  return unmarshalBytePairs(Buffer.from(hexValue, "hex")).map(([key, value]) => [Buffer.from(key).toString(), hex(value)]);
}

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
      "xds/node/id",
      "xds/node/metadata/region",
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

describe("properties as Envoy 1.40 answers them", () => {
  it("answers the node under xds, and NOT_FOUND for the older node, route_name and cluster_name", async () => {
    const host = new Host({ node: { id: "node-7", cluster: "mesh", metadata: { region: "eu", replicas: 3, zones: ["a"], labels: { app: "shop" } } } });
    const plugin = await host.loadPlugin({ wasm: kitchen });
    const [id, cluster, agent, region, replicas, zone, oldId, oldNode, oldRoute, oldCluster] = await readProperties(plugin, [
      "xds/node/id",
      "xds/node/cluster",
      "xds/node/user_agent_name",
      "xds/node/metadata/region",
      "xds/node/metadata/replicas",
      "xds/node/metadata/zones/0",
      "node/id",
      "node",
      "route_name",
      "cluster_name",
    ]);
    expect([id, cluster, agent, region, replicas, zone]).toEqual([text("node-7"), text("mesh"), text("envoy"), text("eu"), double(3), text("a")]);
    expect([oldId, oldNode, oldRoute, oldCluster]).toEqual(["status:1", "status:1", "status:1", "status:1"]);
  });

  it("gives a message read whole as protobuf, and a Struct inside one as nested pairs", async () => {
    const metadata = { region: "eu", replicas: 3, on: true, zones: ["a", "b"], labels: { app: "shop" } };
    const host = new Host({ node: { id: "node-7", cluster: "mesh", metadata } });
    const plugin = await host.loadPlugin({ wasm: kitchen });
    const [node, struct] = await readProperties(plugin, ["xds/node", "xds/node/metadata"]);
    expect(node).toBe(hex(encodeNode({ id: "node-7", cluster: "mesh", metadata, userAgentName: "envoy" })));
    const entries = Object.fromEntries(pairs(struct!));
    expect(Object.keys(entries).sort()).toEqual(["labels", "on", "region", "replicas", "zones"]);
    expect([entries.region, entries.replicas, entries.on]).toEqual([text("eu"), double(3), "01"]);
    // Lists are pairs whose keys are the items; nested maps nest.
    expect(pairs(entries.zones!)).toEqual([[ "a", "" ], [ "b", "" ]]);
    expect(pairs(entries.labels!)).toEqual([["app", text("shop")]]);
  });

  it("answers route, cluster and listener under xds, with metadata as (empty) messages", async () => {
    const host = new Host();
    const plugin = await host.loadPlugin({ wasm: kitchen });
    const values = await readProperties(plugin, ["xds/cluster_name", "xds/route_name", "xds/virtual_host_name", "xds/route_metadata", "xds/listener_direction", "xds/filter_chain_name"]);
    expect(values).toEqual([text("upstream"), "", text("all"), "", int64(0), ""]);
  });

  it("answers SERIALIZATION_FAILURE for attribute groups read whole, but not for request.headers", async () => {
    const host = new Host();
    const plugin = await host.loadPlugin({ wasm: kitchen });
    const [request, xds, source, connection, filterState, headers] = await readProperties(plugin, ["request", "xds", "source", "connection", "filter_state", "request/headers"]);
    expect([request, xds, source, connection, filterState]).toEqual(["status:3", "status:3", "status:3", "status:3", "status:3"]);
    expect(pairs(headers!).map(([key]) => key)).toContain(":path");
  });

  it("gives dynamic metadata whole as the Metadata message; a null in a Struct fails the map that holds it", async () => {
    const jwt = "envoy.filters.http.jwt_authn";
    const payload = { sub: "alice", nickname: null };
    const host = new Host();
    const plugin = await host.loadPlugin({ wasm: kitchen });
    const values = await readProperties(
      plugin,
      ["metadata", `metadata/filter_metadata/${jwt}`, `metadata/filter_metadata/${jwt}/payload`, `metadata/filter_metadata/${jwt}/payload/sub`, `metadata/filter_metadata/${jwt}/payload/nickname`, "metadata/filter_metadata/other"],
      { properties: { metadata: { filter_metadata: { [jwt]: { payload } } } } },
    );
    expect(values).toEqual([hex(encodeMetadata({ [jwt]: { payload } })), "status:3", "status:3", text("alice"), "status:3", "status:1"]);
  });

  it("answers request and response sizes like Envoy's stream info", async () => {
    const host = new Host({ logLevel: "info" });
    const plugin = await host.loadPlugin({ wasm: kitchen });
    const paths = ["request/size", "request/total_size", "response/size", "response/total_size"];
    const before = await readProperties(plugin, paths, { upstream: () => ({ status: 200, headers: { "x-a": "b" }, body: "0123456789" }) });
    expect(before).toEqual([int64(0), expect.any(String), int64(0), expect.any(String)]);
    const result = await plugin.request({ method: "POST", path: "/log", body: "hello", headers: { "x-log-props": paths.join(",") } }, { upstream: () => ({ status: 200, headers: { "x-a": "b" }, body: "0123456789" }) });
    const logged = new Map(host.logs.messages().filter((line) => line.startsWith("log-prop ")).map((line) => line.split(" ").slice(1) as [string, string]));
    const read = (path: string) => Buffer.from(logged.get(path)!, "hex").readBigInt64LE(0);
    const requestHeaderBytes = Object.entries(result.upstreamRequest!.headers).reduce((sum, [key, value]) => sum + key.length + String(value).length, 0);
    const responseHeaderBytes = result.headerList.reduce((sum, [key, value]) => sum + key.length + value.length, ":status".length + "200".length);
    expect(read("request/size")).toBe(5n);
    expect(read("response/size")).toBe(10n);
    expect(read("request/total_size")).toBe(BigInt(5 + requestHeaderBytes + ":authority".length + "localhost".length + ":path".length + "/log".length + ":method".length + "POST".length + ":scheme".length + "http".length));
    expect(read("response/total_size")).toBe(BigInt(10 + responseHeaderBytes));
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
