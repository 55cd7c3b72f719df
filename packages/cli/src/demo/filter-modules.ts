import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { buildModule, presetPath } from "../build/build.ts";
import { loadProject, type ModuleSpec } from "../build/project.ts";
import type { CommandIo } from "../command.ts";
import { CliError } from "../errors.ts";

/** The filters the demo chains, outermost first: telemetry sees every answer, local replies of the others included. */
export const DEMO_CHAIN = ["telemetry", "jwt-authz", "fault-injection", "routing-headers"] as const;
export type DemoFilter = (typeof DEMO_CHAIN)[number];

/**
 * Builds the filters project's release modules (progress on stderr) and
 * returns each demo filter's `.wasm`. Modules newer than every source they
 * come from (the project's `assembly/`, `envoyscript.json`, the SDK's
 * `assembly/` and the shared preset) are reused unless `rebuild`.
 */
export async function buildDemoModules(filtersDir: string, io: CommandIo, rebuild: boolean): Promise<Record<DemoFilter, string>> {
  const specs = loadProject(filtersDir);
  const modules = {} as Record<DemoFilter, string>;
  for (const name of DEMO_CHAIN) {
    const spec = specs.find((candidate) => candidate.name === name);
    if (!spec) {
      throw new CliError("E_DEMO_MODULE_MISSING", `the demo needs the module "${name}", but "${path.join(filtersDir, "envoyscript.json")}" lists only ${specs.map((s) => `"${s.name}"`).join(", ")}; add it there`);
    }
    modules[name] = spec.releaseFile;
  }
  const preset = presetPath(filtersDir);
  const newestSource = newestModification([path.join(filtersDir, "assembly"), path.join(filtersDir, "envoyscript.json"), path.join(path.dirname(preset), "assembly"), preset]);
  for (const spec of specs) {
    if (!rebuild && isFresh(spec, newestSource)) {
      io.stderr(`filter ${spec.name}: up to date (${path.relative(process.cwd(), spec.releaseFile) || spec.releaseFile})`);
      continue;
    }
    io.stderr(`filter ${spec.name}: building ...`);
    const started = Date.now();
    const result = await buildModule(spec, "release", preset);
    io.stderr(`filter ${spec.name}: ${(result.bytes / 1024).toFixed(0)} KiB in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return modules;
}

function isFresh(spec: ModuleSpec, newestSource: number): boolean {
  return existsSync(spec.releaseFile) && statSync(spec.releaseFile).mtimeMs > newestSource;
}

/** The latest modification time of the files at or under `paths` (missing paths count as never modified). */
function newestModification(paths: readonly string[]): number {
  let newest = 0;
  const visit = (file: string): void => {
    if (!existsSync(file)) return;
    const stat = statSync(file);
    newest = Math.max(newest, stat.mtimeMs);
    if (stat.isDirectory()) for (const entry of readdirSync(file)) visit(path.join(file, entry));
  };
  for (const file of paths) visit(file);
  return newest;
}
