import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileAssemblyScript, SDK_DIR } from "./support/compile.ts";
import { Probe } from "./support/probe.ts";
import { serializeMap } from "./support/serialized-map.ts";

let probe: Probe;

beforeAll(async () => {
  probe = await Probe.instantiate(await compileAssemblyScript(path.join(SDK_DIR, "test", "assembly", "probe.ts")));
});

describe("header pairs", () => {
  it("serializes exactly as the host marshals pairs", () => {
    probe.run("writePairs", ":method=GET\nx-empty=\nx-utf8=héllo\n");
    expect(Array.from(probe.outputBytes())).toEqual(Array.from(serializeMap([[":method", "GET"], ["x-empty", ""], ["x-utf8", "héllo"]])));
  });

  it("parses what the host sends, repeated names included", () => {
    expect(probe.run("readPairs", serializeMap([[":path", "/a?b=c"], ["x-a", "1"], ["x-a", "2"], ["x-empty", ""]]))).toBe(
      ":path=/a?b=c;x-a=1;x-a=2;x-empty=;",
    );
    expect(probe.run("readPairs", serializeMap([]))).toBe("");
  });

  it("stops at malformed input instead of reading out of bounds", () => {
    const valid = serializeMap([["a", "1"], ["b", "2"]]);
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
