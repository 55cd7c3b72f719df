// The release preset's standard library builds strings in linear space.
// With a shrink level above 0, AssemblyScript's Array<string>.join appends
// one part at a time (each step copies the whole result so far); under the
// minimal runtime, which collects only between callbacks, one hostile header
// escaped part by part then went past Envoy's 1 GiB of VM memory inside one
// callback. This compiles a join with the preset as a filter is built and
// bounds what it allocates.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileAssemblyScript, presetReleaseArgs, SDK_DIR } from "./support/compile.ts";
import { FakeHost } from "./support/fake-host.ts";

const PARTS = 8_000;
const MIB = 1024 * 1024;

let host: FakeHost;

beforeAll(async () => {
  const entry = path.join(SDK_DIR, "test", "assembly", "preset", "string-join.ts");
  const wasm = await compileAssemblyScript(entry, presetReleaseArgs());
  host = new FakeHost();
  await host.load(wasm);
});

describe("the SDK preset's release build", () => {
  it("joins strings in linear space (a joined 24,000-character string allocates well under 4 MiB, not hundreds)", () => {
    const before = host.memoryBytes();
    expect(host.call("joinParts", PARTS)).toBe(PARTS * 3);
    const grown = host.memoryBytes() - before;
    expect(grown, `memory grew by ${(grown / MIB).toFixed(1)} MiB`).toBeLessThan(4 * MIB);
  });
});
