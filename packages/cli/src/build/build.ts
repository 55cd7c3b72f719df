import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { CliError } from "../errors.ts";
import { assertEnvoyLoadable } from "./import-audit.ts";
import { loadProject, type ModuleSpec } from "./project.ts";

export type BuildTarget = "release" | "debug";

export interface BuildResult {
  readonly module: string;
  readonly target: BuildTarget;
  readonly file: string;
  readonly bytes: number;
}

/** Where the shared preset lives: the SDK's own `asconfig.preset.json`, as installed for `projectDir`. */
export function presetPath(projectDir: string): string {
  const require = createRequire(path.join(path.resolve(projectDir), "package.json"));
  try {
    return require.resolve("@envoyscript/sdk/asconfig.preset.json");
  } catch {
    throw new CliError("E_SDK_MISSING", `@envoyscript/sdk is not installed for "${projectDir}": run npm install @envoyscript/sdk`);
  }
}

/** Compiles one module with the shared preset, then audits its imports. */
export async function buildModule(spec: ModuleSpec, target: BuildTarget, preset: string): Promise<BuildResult> {
  const outFile = target === "release" ? spec.releaseFile : spec.debugFile;
  mkdirSync(path.dirname(outFile), { recursive: true });
  const stderr: string[] = [];
  const asc = await loadCompiler();
  const { error } = await asc.main([spec.entry, "--config", preset, "--target", target, "--outFile", outFile], {
    stdout: { write: () => true } as never,
    stderr: { write: (text: string) => (stderr.push(String(text)), true) } as never,
  });
  if (error) {
    throw new CliError("E_COMPILE", `AssemblyScript could not compile "${spec.entry}" (${target}):\n${stderr.join("").trimEnd()}`);
  }
  const bytes = readFileSync(outFile);
  assertEnvoyLoadable(bytes, outFile);
  return { module: spec.name, target, file: outFile, bytes: bytes.length };
}

/**
 * AssemblyScript's compiler, loaded on first use: importing it takes about a
 * second, which every other command (and `--help`) would otherwise pay.
 */
async function loadCompiler(): Promise<typeof import("assemblyscript/asc").default> {
  return (await import("assemblyscript/asc")).default;
}

/** Builds every module of the project in `projectDir`, release then debug. */
export async function buildProject(projectDir: string, targets: readonly BuildTarget[] = ["release", "debug"]): Promise<BuildResult[]> {
  const preset = presetPath(projectDir);
  const results: BuildResult[] = [];
  for (const spec of loadProject(projectDir)) {
    for (const target of targets) results.push(await buildModule(spec, target, preset));
  }
  return results;
}
