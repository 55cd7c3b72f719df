/**
 * Traps as Envoy's log tells them: the filter's last `abort:` line (the SDK's
 * abort logs one at CRITICAL), then `Function: <callback> failed: Uncaught
 * <reason>` and the V8 runtime's in-VM backtrace, one frame a line.
 */
import { wasmLogLine } from "../envoy/wasm-log.ts";
import { ENVOY_BACKTRACE_HEADING, framesOfEnvoyBacktrace, type WasmFrame } from "./backtrace.ts";

export interface LoggedTrap {
  readonly during: string;
  readonly reason: string;
  readonly abort: string | null;
  /** Innermost first. */
  readonly frames: readonly WasmFrame[];
}

/** Every trap in a stretch of Envoy's log, in order. */
export function trapsInEnvoyLog(log: string): LoggedTrap[] {
  const lines = log.split("\n");
  const traps: LoggedTrap[] = [];
  let abort: string | null = null;
  lines.forEach((line, index) => {
    const logged = wasmLogLine(line)?.message;
    if (logged?.startsWith("abort: ")) abort = logged;
    const failed = /\] Function: (\S+) failed: (?:Uncaught )?(.*)$/.exec(line);
    if (!failed) return;
    const frames = lines[index + 1]?.trim() === ENVOY_BACKTRACE_HEADING ? framesOfEnvoyBacktrace(lines.slice(index + 2)) : [];
    traps.push({ during: failed[1]!, reason: failed[2]!, abort, frames });
    abort = null;
  });
  return traps;
}
