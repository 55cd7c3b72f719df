import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { CliError, loadProject } from "@envoyscript/cli";

/** The filters the demo chains, outermost first: telemetry sees every answer, local replies of the others included. */
export const DEMO_CHAIN = ["telemetry", "jwt-authz", "fault-injection", "routing-headers"] as const;
export type DemoFilter = (typeof DEMO_CHAIN)[number];

/** The folder of the installed @envoyscript/filters package. */
export function filtersPackageDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve("@envoyscript/filters/package.json"));
}

/**
 * Each demo filter's release module, as built by the filters package
 * (`npm start` builds it first, through turbo, when its sources changed).
 */
export function demoModules(filtersDir: string = filtersPackageDir()): Record<DemoFilter, string> {
  const specs = loadProject(filtersDir);
  const missing = DEMO_CHAIN.filter((name) => !specs.some((spec) => spec.name === name));
  if (missing.length > 0) {
    throw new CliError("E_DEMO_MODULE_MISSING", `the demo needs the modules ${missing.map((name) => `"${name}"`).join(", ")}, but "${path.join(filtersDir, "envoyscript.json")}" lists only ${specs.map((s) => `"${s.name}"`).join(", ")}; add them there`);
  }
  const modules = {} as Record<DemoFilter, string>;
  for (const name of DEMO_CHAIN) {
    const { releaseFile } = specs.find((spec) => spec.name === name)!;
    if (!existsSync(releaseFile)) {
      throw new CliError("E_DEMO_MODULE_MISSING", `the demo needs "${releaseFile}", which is not built: run "npm start" from the repository root (it builds the filters first) or "npm run build -w @envoyscript/filters"`);
    }
    modules[name] = releaseFile;
  }
  return modules;
}
