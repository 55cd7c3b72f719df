/**
 * A module's debug build: `envoyscript build` writes `build/x.debug.wasm`
 * (names, source map beside it) next to the release `build/x.wasm`. With
 * ENVOYSCRIPT_DEBUG_BUILDS=1 both backends run the debug build of every
 * filter instead, so traps show AssemblyScript lines and a debugger can
 * step through the source (the scaffold's VS Code launch configuration
 * sets it).
 */
import { existsSync } from "node:fs";
import { ScenarioError } from "./errors.ts";

/** The debug build beside `module` (`x.wasm` → `x.debug.wasm`; a debug build is its own), or null when there is none. */
export function debugBuildOf(module: string): string | null {
  const debug = module.endsWith(".debug.wasm") ? module : module.replace(/\.wasm$/, ".debug.wasm");
  return existsSync(debug) ? debug : null;
}

/** True when ENVOYSCRIPT_DEBUG_BUILDS asks the backends to run debug builds. */
export function debugBuildsWanted(): boolean {
  return process.env.ENVOYSCRIPT_DEBUG_BUILDS === "1";
}

/** The module a backend runs: `module`, or its debug build when ENVOYSCRIPT_DEBUG_BUILDS=1 (E_NO_DEBUG_BUILD without one). */
export function moduleToRun(module: string): string {
  if (!debugBuildsWanted()) return module;
  const debug = debugBuildOf(module);
  if (debug === null) throw new ScenarioError("E_NO_DEBUG_BUILD", `ENVOYSCRIPT_DEBUG_BUILDS=1 but "${module}" has no debug build beside it: run envoyscript build (it writes x.debug.wasm), or unset the variable`);
  return debug;
}
