import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { CliError } from "../errors.ts";

/** File name of a filter project's build configuration. */
export const PROJECT_FILE = "envoyscript.json";

/**
 * A filter project's build configuration (`envoyscript.json`).
 * Each module is one `.wasm` file: `build/<name>.wasm` (release) and
 * `build/<name>.debug.wasm` (debug, with names; its source map beside it).
 */
export interface ProjectConfig {
  /** Module name to AssemblyScript entry file, relative to the project. */
  readonly modules: Readonly<Record<string, string>>;
  /** Output folder, relative to the project. @default "build" */
  readonly outDir?: string;
}

export interface ModuleSpec {
  readonly name: string;
  readonly entry: string;
  readonly releaseFile: string;
  readonly debugFile: string;
}

/** Reads `envoyscript.json` in `projectDir`; a project without one builds `assembly/index.ts` under the folder's name. */
export function loadProject(projectDir: string): ModuleSpec[] {
  const file = path.join(projectDir, PROJECT_FILE);
  let config: ProjectConfig;
  if (existsSync(file)) {
    try {
      config = JSON.parse(readFileSync(file, "utf8")) as ProjectConfig;
    } catch (error) {
      throw new CliError("E_PROJECT_CONFIG", `cannot parse "${file}": ${(error as Error).message}; fix the JSON`);
    }
    if (typeof config.modules !== "object" || config.modules === null || Object.keys(config.modules).length === 0) {
      throw new CliError("E_PROJECT_CONFIG", `"${file}" has no "modules": add {"modules": {"<name>": "assembly/index.ts"}}`);
    }
  } else {
    config = { modules: { [path.basename(path.resolve(projectDir))]: "assembly/index.ts" } };
  }
  const outDir = path.resolve(projectDir, config.outDir ?? "build");
  return Object.entries(config.modules).map(([name, entry]) => ({
    name,
    entry: path.resolve(projectDir, entry),
    releaseFile: path.join(outDir, `${name}.wasm`),
    debugFile: path.join(outDir, `${name}.debug.wasm`),
  }));
}
