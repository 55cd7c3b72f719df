// The attribute helpers against the paths Envoy 1.40 answers (`xds.*`, whole
// `xds.node` and `metadata` messages) and the older paths they fall back to,
// on the SDK's fake host.

import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileAssemblyScript, SDK_DIR } from "./support/compile.ts";
import { FakeHost } from "./support/fake-host.ts";
import { encodeMetadata, encodeNode } from "./support/proto-writer.ts";

let wasm: Uint8Array;

beforeAll(async () => {
  const entry = path.join(SDK_DIR, "test", "assembly", "attributes", "probe-filter.ts");
  wasm = await compileAssemblyScript(entry, ["--config", path.join(SDK_DIR, "asconfig.preset.json"), "--target", "release"]);
});

async function hostWith(properties: Record<string, Uint8Array | string>): Promise<FakeHost> {
  const host = new FakeHost();
  for (const [key, value] of Object.entries(properties)) host.properties.set(key.split(".").join("\0"), typeof value === "string" ? new TextEncoder().encode(value) : value);
  await host.load(wasm);
  return host;
}

function logged(host: FakeHost, probe: string): string {
  host.logs.length = 0;
  host.call(probe);
  return host.logs.map((line) => line.message).join("\n");
}

const int64 = (value: number) => new Uint8Array(new BigInt64Array([BigInt(value)]).buffer);

describe("node attributes", () => {
  const metadata = { region: "eu", replicas: 3, canary: false, zones: ["a", "b"], labels: { app: "" }, none: null };

  it("reads xds.node.* as Envoy 1.40 answers them", async () => {
    const host = await hostWith({ "xds.node.id": "node-new", "xds.node.cluster": "mesh", "xds.node": new Uint8Array(encodeNode({ id: "node-new", metadata })) });
    const line = logged(host, "logNode");
    expect(line).toMatch(/^id="node-new" cluster="mesh" metadata=/);
    expect(JSON.parse(line.slice(line.indexOf("metadata=") + 9))).toEqual(metadata);
  });

  it("falls back to node.* on hosts before xds", async () => {
    const host = await hostWith({ "node.id": "node-old", "node.cluster": "legacy", node: new Uint8Array(encodeNode({ id: "node-old", metadata: { v: 1 } })) });
    expect(logged(host, "logNode")).toBe('id="node-old" cluster="legacy" metadata={"v":1}');
  });

  it("prefers xds.node when a host answers both", async () => {
    const host = await hostWith({ "xds.node.id": "current", "node.id": "stale", "xds.node": new Uint8Array(encodeNode({ metadata: { from: "xds" } })), node: new Uint8Array(encodeNode({ metadata: { from: "node" } })) });
    expect(logged(host, "logNode")).toBe('id="current" cluster=null metadata={"from":"xds"}');
  });

  it("answers null without a node and {} for a node without metadata", async () => {
    expect(logged(await hostWith({}), "logNode")).toBe("id=null cluster=null metadata=null");
    expect(logged(await hostWith({ "xds.node": new Uint8Array(encodeNode({ id: "n" })) }), "logNode")).toBe('id=null cluster=null metadata={}');
  });

  it("decodes the node's metadata once per VM", async () => {
    const host = await hostWith({ "xds.node": new Uint8Array(encodeNode({ metadata: { first: true } })) });
    expect(logged(host, "logNode")).toContain('metadata={"first":true}');
    host.properties.set("xds\0node", new Uint8Array(encodeNode({ metadata: { second: true } })));
    expect(logged(host, "logNode")).toContain('metadata={"first":true}');
  });
});

describe("dynamic metadata", () => {
  it("reads one filter's Struct from the whole metadata message", async () => {
    const payload = { sub: "alice", exp: 1700000000, groups: ["g1"], verified: true, nickname: null };
    const host = await hostWith({ metadata: new Uint8Array(encodeMetadata({ "envoy.lb": { canary: true }, "envoy.filters.http.jwt_authn": { payload } })) });
    const line = logged(host, "logJwtPayload");
    expect(JSON.parse(line.slice("jwt=".length))).toEqual({ payload });
  });

  it("answers null when the filter left nothing, or outside a stream", async () => {
    expect(logged(await hostWith({ metadata: new Uint8Array(encodeMetadata({ "envoy.lb": { canary: true } })) }), "logJwtPayload")).toBe("jwt=null");
    expect(logged(await hostWith({}), "logJwtPayload")).toBe("jwt=null");
  });
});

describe("route attributes", () => {
  it("reads xds.route_name, xds.cluster_name, the virtual host and route metadata", async () => {
    const host = await hostWith({ "xds.route_name": "", "xds.cluster_name": "backend", "xds.virtual_host_name": "all", "xds.route_metadata": new Uint8Array(encodeMetadata({ "envoy.lb": { shard: 2 } })) });
    expect(logged(host, "logRoute")).toBe('route="" cluster="backend" vhost="all" metadata={"shard":2}');
  });

  it("falls back to route_name and cluster_name on hosts before xds", async () => {
    const host = await hostWith({ route_name: "r1", cluster_name: "old-cluster" });
    expect(logged(host, "logRoute")).toBe('route="r1" cluster="old-cluster" vhost=null metadata=null');
  });
});

describe("response sizes", () => {
  it("reads response.size and response.total_size", async () => {
    expect(logged(await hostWith({ "response.size": int64(1067), "response.total_size": int64(1161) }), "logSizes")).toBe("size=1067 total=1161");
    expect(logged(await hostWith({}), "logSizes")).toBe("size=-1 total=-1");
  });
});
