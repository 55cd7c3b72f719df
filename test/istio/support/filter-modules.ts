import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { moduleConfigValidator } from "../../../packages/cli/src/istio/module-config-check.ts";
import type { PluginConfigValidator } from "../../../packages/cli/src/istio/index.ts";
import { FILTERS_BUILD_DIR, REPO_ROOT } from "./paths.ts";

/**
 * The module a WasmPlugin's pluginName stands for: in the nearest project
 * folder above the file that declares it (envoyscript.json lists the
 * module), else among the filters of packages/filters. Missing modules fail
 * with the build command to run.
 */
export function modulePathFor(pluginName: string, declaredIn?: string): string {
  const project = declaredIn ? nearestProjectWith(pluginName, path.dirname(declaredIn)) : undefined;
  const candidates = [...(project ? [path.join(project, "build", `${pluginName}.wasm`)] : []), path.join(FILTERS_BUILD_DIR, `${pluginName}.wasm`)];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`no module for pluginName "${pluginName}": looked for ${candidates.join(", ")}; run "npx envoyscript build" in the project that builds it`);
  return found;
}

/** The nearest folder from `dir` up to the repository root whose envoyscript.json lists the module `name`. */
function nearestProjectWith(name: string, dir: string): string | undefined {
  for (let current = dir; current.startsWith(REPO_ROOT); current = path.dirname(current)) {
    const file = path.join(current, "envoyscript.json");
    if (existsSync(file) && name in ((JSON.parse(readFileSync(file, "utf8")) as { modules?: object }).modules ?? {})) return current;
    if (current === REPO_ROOT) break;
  }
  return undefined;
}

/** The module's bytes. */
export function moduleBytes(pluginName: string): Uint8Array {
  return readFileSync(modulePathFor(pluginName));
}

/** A pluginConfig check by the filter's own on_configure (in the emulator). */
export function filterConfigValidator(declaredIn?: string): PluginConfigValidator {
  return (pluginName, config) => moduleConfigValidator(modulePathFor(pluginName, declaredIn))(pluginName, config);
}
