// The Structs inside Envoy's Node and Metadata messages, which the attribute
// helpers read whole (`xds.node`, `metadata`) to keep value types intact.

import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileAssemblyScript, SDK_DIR } from "./support/compile.ts";
import { Probe } from "./support/probe.ts";
import { encodeMetadata, encodeNode, lengthDelimited, utf8 } from "./support/proto-writer.ts";

let probe: Probe;

beforeAll(async () => {
  probe = await Probe.instantiate(await compileAssemblyScript(path.join(SDK_DIR, "test", "assembly", "probe.ts")));
});

const JWT_AUTHN = "envoy.filters.http.jwt_authn";

function filterMetadata(name: string, metadata: number[] | Uint8Array): unknown {
  const nameBytes = utf8(name);
  const input = new Uint8Array([...new Uint8Array(new Uint32Array([nameBytes.length]).buffer), ...nameBytes, ...metadata]);
  return JSON.parse(probe.run("decodeFilterMetadataInput", input));
}

describe("Node.metadata", () => {
  it("decodes the metadata Struct with its value types, skipping the other Node fields", () => {
    const metadata = { region: "eu", count: 3, flag: true, none: null, list: ["a", 2], nested: { k: "v" }, empty: {}, nothing: [] };
    const node = [...encodeNode({ id: "node-1", cluster: "c", metadata }), ...lengthDelimited(6, utf8("envoy")), 0x50, 0x01];
    expect(JSON.parse(probe.run("decodeNodeMetadataInput", new Uint8Array(node)))).toEqual(metadata);
  });

  it("gives {} for a node without metadata and null for malformed bytes", () => {
    expect(probe.run("decodeNodeMetadataInput", new Uint8Array(encodeNode({ id: "node-1" })))).toBe("{}");
    const node = encodeNode({ id: "node-1", metadata: { a: "b" } });
    expect(probe.run("decodeNodeMetadataInput", new Uint8Array(node.slice(0, node.length - 1)))).toBe("null");
  });
});

describe("Metadata.filter_metadata", () => {
  it("finds one filter's Struct among several", () => {
    const payload = { iss: "https://issuer.test", sub: "alice", exp: 1700000000, groups: ["g1", "g2"], admin: false };
    const metadata = encodeMetadata({ "envoy.lb": { canary: true }, [JWT_AUTHN]: { payload }, other: {} });
    expect(filterMetadata(JWT_AUTHN, metadata)).toEqual({ payload });
    expect(filterMetadata("envoy.lb", metadata)).toEqual({ canary: true });
    expect(filterMetadata("missing", metadata)).toBeNull();
  });

  it("takes the last entry when a key repeats, as protobuf maps do", () => {
    const metadata = [...encodeMetadata({ f: { v: 1 } }), ...encodeMetadata({ f: { v: 2 } })];
    expect(filterMetadata("f", metadata)).toEqual({ v: 2 });
  });

  it("decodes what Envoy 1.40 answered for `metadata` after jwt_authn (captured), null claim included", () => {
    // Captured from Envoy 1.40.0: a verified token {iss, sub: "bob", nul: null, exp}; payload_in_metadata "payload".
    const captured = Buffer.from(
      "0a780a1c656e766f792e66696c746572732e687474702e6a77745f617574686e12580a560a077061796c6f6164124b2a490a100a03657870120911000000a337c1da410a1c0a0369737312151a1368747470733a2f2f6973737565722e746573740a090a036e756c120208000a0c0a0373756212051a03626f62",
      "hex",
    );
    const exp = Buffer.from("000000a337c1da41", "hex").readDoubleLE(0);
    expect(filterMetadata(JWT_AUTHN, captured)).toEqual({ payload: { exp, iss: "https://issuer.test", nul: null, sub: "bob" } });
  });

  it("gives null for malformed bytes", () => {
    const metadata = encodeMetadata({ f: { v: "x" } });
    expect(filterMetadata("f", metadata.slice(0, metadata.length - 3))).toBeNull();
    expect(filterMetadata("f", [0x0a, 0x05, 0x0a, 0x01])).toBeNull();
  });
});
