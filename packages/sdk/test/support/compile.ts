import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import asc from "assemblyscript/asc";

/** Compiles an AssemblyScript entry into a temp folder and returns the wasm bytes. Throws with asc's output on failure. */
export async function compileAssemblyScript(entry: string, extraArgs: readonly string[] = []): Promise<Uint8Array> {
  const outDir = mkdtempSync(path.join(tmpdir(), "envoyscript-sdk-test-"));
  const outFile = path.join(outDir, `${path.basename(entry, ".ts")}.wasm`);
  const output: string[] = [];
  const sink = { write: (text: string) => (output.push(String(text)), true) } as never;
  const { error } = await asc.main([entry, "--outFile", outFile, "--optimizeLevel", "1", ...extraArgs], { stdout: sink, stderr: sink });
  if (error) throw new Error(`asc could not compile "${entry}": ${error.message}\n${output.join("")}`);
  return readFileSync(outFile);
}

/** Where this package lives, for paths in tests. */
export const SDK_DIR = path.resolve(import.meta.dirname, "..", "..");

/**
 * The asc arguments of a filter's release build: the preset, with its release
 * target's optimisation levels restated (compileAssemblyScript's default
 * `--optimizeLevel 1` would otherwise win over the target's).
 */
export function presetReleaseArgs(): string[] {
  const preset = path.join(SDK_DIR, "asconfig.preset.json");
  const { optimizeLevel, shrinkLevel } = JSON.parse(readFileSync(preset, "utf8")).targets.release as { optimizeLevel: number; shrinkLevel: number };
  return ["--config", preset, "--target", "release", "--optimizeLevel", String(optimizeLevel), "--shrinkLevel", String(shrinkLevel)];
}
