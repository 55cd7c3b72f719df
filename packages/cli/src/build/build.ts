import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { CliError } from "../errors.ts";
import { assertEnvoyLoadable } from "./import-audit.ts";
import { inputsDigest, isUpToDate, recordDigest } from "./inputs-digest.ts";
import { loadProject, type ModuleSpec } from "./project.ts";

export type BuildTarget = "release" | "debug";

export interface BuildResult {
  readonly module: string;
  readonly target: BuildTarget;
  readonly file: string;
  readonly bytes: number;
  /** Not compiled: `ifChanged` found the module built from the same inputs. */
  readonly upToDate: boolean;
}

export interface BuildOptions {
  /** Skip a module whose output was built from the same sources, SDK and compiler (see inputs-digest.ts). @default false */
  readonly ifChanged?: boolean;
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
export async function buildModule(spec: ModuleSpec, target: BuildTarget, preset: string, options: BuildOptions = {}): Promise<BuildResult> {
  const outFile = target === "release" ? spec.releaseFile : spec.debugFile;
  const digest = inputsDigest(spec.entry, target, preset);
  if (options.ifChanged && isUpToDate(outFile, digest, target === "debug")) {
    return { module: spec.name, target, file: outFile, bytes: statSync(outFile).size, upToDate: true };
  }
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
  if (target === "debug") pointSourceMapAtSources(`${outFile}.map`);
  recordDigest(outFile, digest);
  return { module: spec.name, target, file: outFile, bytes: bytes.length, upToDate: false };
}

/**
 * asc names the map's sources relative to the folder it ran in
 * (`assembly/index.ts`) but sets `sourceRoot` to the module's own name, so
 * a debugger (Node's inspector, VS Code) would look for
 * `build/<name>.debug/assembly/index.ts`. Point `sourceRoot` from the map's
 * folder back to where asc ran, so breakpoints bind to the real files.
 */
function pointSourceMapAtSources(mapFile: string): void {
  if (!existsSync(mapFile)) return;
  const map = JSON.parse(readFileSync(mapFile, "utf8")) as { sourceRoot?: string };
  const root = path.relative(path.dirname(mapFile), process.cwd()).split(path.sep).join("/");
  map.sourceRoot = root === "" ? "./" : `${root}/`;
  writeFileSync(mapFile, JSON.stringify(map));
}

/**
 * AssemblyScript's compiler, loaded on first use: importing it takes about a
 * second, which every other command (and `--help`) would otherwise pay.
 */
async function loadCompiler(): Promise<typeof import("assemblyscript/asc").default> {
  return (await import("assemblyscript/asc")).default;
}

/** Builds every module of the project in `projectDir`, release then debug. */
export async function buildProject(projectDir: string, targets: readonly BuildTarget[] = ["release", "debug"], options: BuildOptions = {}): Promise<BuildResult[]> {
  const preset = presetPath(projectDir);
  const results: BuildResult[] = [];
  for (const spec of loadProject(projectDir)) {
    for (const target of targets) results.push(await buildModule(spec, target, preset, options));
  }
  return results;
}
