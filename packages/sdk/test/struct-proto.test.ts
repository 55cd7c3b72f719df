import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileAssemblyScript, SDK_DIR } from "./support/compile.ts";
import { Probe } from "./support/probe.ts";
import { encodeStruct } from "./support/proto-writer.ts";

let probe: Probe;

beforeAll(async () => {
  probe = await Probe.instantiate(await compileAssemblyScript(path.join(SDK_DIR, "test", "assembly", "probe.ts")));
});

describe("protobuf Struct decoding (node.metadata, filter metadata)", () => {
  it("decodes every Value kind", () => {
    const document = { sub: "user-1", admin: true, level: 3.5, none: null, groups: ["a", "b"], nested: { iss: "issuer" } };
    expect(JSON.parse(probe.run("decodeStructInput", new Uint8Array(encodeStruct(document))))).toEqual(document);
  });

  it("decodes an empty Struct to an empty object", () => {
    expect(probe.run("decodeStructInput", new Uint8Array(0))).toBe("{}");
  });

  it("gives null for malformed bytes instead of trapping", () => {
    const valid = encodeStruct({ key: "value" });
    expect(probe.run("decodeStructInput", new Uint8Array(valid.slice(0, valid.length - 2)))).toBe("null");
    expect(probe.run("decodeStructInput", new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]))).toBe("null");
    expect(probe.run("decodeStructInput", new Uint8Array([0x0f]))).toBe("null");
    expect(probe.run("decodeStructInput", new Uint8Array(Array(20).fill(0xff)))).toBe("null");
  });

  it("keeps nesting up to JSON_MAX_DEPTH (64) levels and refuses deeper ones", () => {
    type Nested = { [key: string]: Nested | string };
    const nest = (levels: number): Nested => (levels === 1 ? { leaf: "x" } : { a: nest(levels - 1) });
    const within = nest(64);
    expect(JSON.parse(probe.run("decodeStructInput", new Uint8Array(encodeStruct(within))))).toEqual(within);
    expect(probe.run("decodeStructInput", new Uint8Array(encodeStruct(nest(65))))).toBe("null");
  });

  it("decodes invalid UTF-8 in keys and strings without trapping", () => {
    // Struct { fields { key: "k\xff" value { string_value: "\xc3" } } }
    const entry = [0x0a, 0x02, 0x6b, 0xff, 0x12, 0x03, 0x1a, 0x01, 0xc3];
    const decoded = JSON.parse(probe.run("decodeStructInput", new Uint8Array([0x0a, entry.length, ...entry])));
    expect(Object.keys(decoded)).toHaveLength(1);
    expect(typeof Object.values(decoded)[0]).toBe("string");
  });

  it("never traps on arbitrary bytes", () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % 256;
    const valid = encodeStruct({ a: [1, "two", { three: true }], b: null });
    for (let round = 0; round < 300; round++) {
      const bytes = round % 2 === 0 ? Array.from({ length: 1 + (round % 40) }, next) : valid.map((byte) => (next() < 20 ? next() : byte));
      expect(() => probe.run("decodeStructInput", new Uint8Array(bytes))).not.toThrow();
    }
  });
});
