/**
 * `run --debug`: each --filter runs from its debug build (`build/x.wasm` →
 * `build/x.debug.wasm`, with names and a source map beside it), and every
 * trap Envoy logs is printed symbolized: the callback, the abort message,
 * each frame's AssemblyScript function and `file.ts:line`.
 */
import { debugBuildOf, FilterTrap, moduleOfFrames, trapsInEnvoyLog, type EnvoyInstance, type WasmFilter } from "@envoyscript/testkit";
import type { CommandIo } from "../command.ts";
import { CliError } from "../errors.ts";

/** How often `watchTraps` reads Envoy's log. */
const TRAP_POLL_MS = 250;

/** Each filter with its debug build as its module (E_NO_DEBUG_BUILD when one has none). */
export function withDebugBuilds(filters: readonly WasmFilter[]): WasmFilter[] {
  return filters.map((filter) => {
    const debug = debugBuildOf(filter.module);
    if (debug === null) throw new CliError("E_NO_DEBUG_BUILD", `--debug: "${filter.module}" has no debug build beside it: run envoyscript build (it writes x.debug.wasm beside x.wasm)`);
    return { ...filter, module: debug };
  });
}

/**
 * Prints each trap that appears in the running Envoy's log from now on (the
 * Envoy `current()` gives: --watch restarts it), symbolized from the
 * filters' modules; `stop()` ends it.
 */
export function watchTraps(current: () => EnvoyInstance, filters: readonly WasmFilter[], io: CommandIo): { stop(): void } {
  const modules = filters.map((filter) => filter.module);
  let envoy = current();
  let read = envoy.logs().length;
  const timer = setInterval(() => {
    if (current() !== envoy) [envoy, read] = [current(), 0];
    const log = envoy.logs();
    const fresh = log.slice(read, log.lastIndexOf("\n") + 1);
    read += fresh.length;
    for (const trap of trapsInEnvoyLog(fresh)) {
      const module = moduleOfFrames(trap.frames, modules);
      if (module) io.stderr(new FilterTrap({ module, during: trap.during, reason: trap.reason, abort: trap.abort, frames: trap.frames, request: null }).describe());
    }
  }, TRAP_POLL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
