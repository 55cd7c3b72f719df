// The README's twenty-line filter compiles as printed, and the module size
// the README states for it stays true (within 10%).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assertEnvoyLoadable } from "../../cli/src/build/import-audit.ts";
import { compileAssemblyScript, SDK_DIR } from "./support/compile.ts";

const readme = readFileSync(path.join(SDK_DIR, "README.md"), "utf8");

describe("README", () => {
  it("states the release size of its twenty-line filter", async () => {
    const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example, "README must start with a ```ts example").toBeDefined();
    const dir = path.join(SDK_DIR, "test", "assembly", "readme");
    mkdirSync(dir, { recursive: true });
    const entry = path.join(dir, "index.ts");
    writeFileSync(entry, example!);
    const wasm = await compileAssemblyScript(entry, ["--config", path.join(SDK_DIR, "asconfig.preset.json"), "--target", "release", "--optimizeLevel", "3", "--shrinkLevel", "1"]);
    assertEnvoyLoadable(wasm, entry);
    const stated = /builds to about \*\*(\d+) KiB\*\*/.exec(readme);
    expect(stated, `README must say: builds to about **N KiB** (built ${(wasm.length / 1024).toFixed(1)} KiB)`).not.toBeNull();
    const kib = wasm.length / 1024;
    expect(Math.abs(kib - Number(stated![1])) / kib, `built ${kib.toFixed(1)} KiB`).toBeLessThan(0.1);
  });
});
