import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileAssemblyScript, SDK_DIR } from "./support/compile.ts";
import { Probe } from "./support/probe.ts";

let probe: Probe;

beforeAll(async () => {
  probe = await Probe.instantiate(await compileAssemblyScript(path.join(SDK_DIR, "test", "assembly", "probe.ts")));
});

// A minimal protobuf writer for google.protobuf.Struct / Value / ListValue.
const varint = (value: number): number[] => {
  const out: number[] = [];
  while (value > 0x7f) {
    out.push((value & 0x7f) | 0x80);
    value = Math.floor(value / 128);
  }
  out.push(value);
  return out;
};
const lengthDelimited = (field: number, payload: number[]): number[] => [(field << 3) | 2, ...varint(payload.length), ...payload];
const text = (value: string): number[] => Array.from(new TextEncoder().encode(value));
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
function encodeValue(value: Json): number[] {
  if (value === null) return [(1 << 3) | 0, 0];
  if (typeof value === "boolean") return [(4 << 3) | 0, value ? 1 : 0];
  if (typeof value === "number") {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, value, true);
    return [(2 << 3) | 1, ...bytes];
  }
  if (typeof value === "string") return lengthDelimited(3, text(value));
  if (Array.isArray(value)) return lengthDelimited(6, value.flatMap((item) => lengthDelimited(1, encodeValue(item))));
  return lengthDelimited(5, encodeStruct(value));
}
function encodeStruct(object: { [key: string]: Json }): number[] {
  return Object.entries(object).flatMap(([key, value]) => lengthDelimited(1, [...lengthDelimited(1, text(key)), ...lengthDelimited(2, encodeValue(value))]));
}

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
});
