import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileAssemblyScript, SDK_DIR } from "./support/compile.ts";
import { Probe } from "./support/probe.ts";

let probe: Probe;

beforeAll(async () => {
  probe = await Probe.instantiate(await compileAssemblyScript(path.join(SDK_DIR, "test", "assembly", "probe.ts")));
});

/** The ABI's header-map serialization, written independently of the SDK. */
function serialize(pairs: Array<[string, string]>): Uint8Array {
  const encoder = new TextEncoder();
  const encoded = pairs.map(([name, value]) => [encoder.encode(name), encoder.encode(value)] as const);
  const size = 4 + pairs.length * 8 + encoded.reduce((sum, [n, v]) => sum + n.length + v.length + 2, 0);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, pairs.length, true);
  let offset = 4 + pairs.length * 8;
  encoded.forEach(([name, value], index) => {
    view.setUint32(4 + index * 8, name.length, true);
    view.setUint32(8 + index * 8, value.length, true);
    bytes.set(name, offset);
    offset += name.length + 1;
    bytes.set(value, offset);
    offset += value.length + 1;
  });
  return bytes;
}

describe("header pairs", () => {
  it("serializes exactly as the host marshals pairs", () => {
    probe.run("writePairs", ":method=GET\nx-empty=\nx-utf8=héllo\n");
    expect(Array.from(probe.outputBytes())).toEqual(Array.from(serialize([[":method", "GET"], ["x-empty", ""], ["x-utf8", "héllo"]])));
  });

  it("parses what the host sends, repeated names included", () => {
    expect(probe.run("readPairs", serialize([[":path", "/a?b=c"], ["x-a", "1"], ["x-a", "2"], ["x-empty", ""]]))).toBe(
      ":path=/a?b=c;x-a=1;x-a=2;x-empty=;",
    );
    expect(probe.run("readPairs", serialize([]))).toBe("");
  });

  it("stops at malformed input instead of reading out of bounds", () => {
    const valid = serialize([["a", "1"], ["b", "2"]]);
    const truncated = valid.slice(0, valid.length - 3);
    expect(probe.run("readPairs", truncated)).toBe("a=1;");
    const hugeCount = valid.slice();
    new DataView(hugeCount.buffer).setUint32(0, 0xffffffff, true);
    expect(probe.run("readPairs", hugeCount)).toBe("");
    const hugeLengths = valid.slice();
    new DataView(hugeLengths.buffer).setUint32(4, 0xfffffff0, true);
    new DataView(hugeLengths.buffer).setUint32(8, 0xfffffff0, true);
    expect(probe.run("readPairs", hugeLengths)).toBe("");
    expect(probe.run("readPairs", new Uint8Array([1, 0]))).toBe("");
    expect(probe.run("countPairsBytes", truncated)).toBe("1");
  });
});
