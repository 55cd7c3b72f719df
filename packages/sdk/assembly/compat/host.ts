// The remaining 0.1.15 free functions: timers, time, lifecycle, effective
// context and foreign functions.

import { proxy_done, proxy_set_effective_context as setEffectiveContextHostcall } from "../imports";
import { callForeignFunction } from "../ffi";
import { currentTimeNanoseconds, setTickPeriodMilliseconds } from "../timers";
import { wasmResultName } from "../enums";
import { WasmResultValues } from "./enums";
import { log } from "./logging";
import { LogLevelValues } from "./enums";

/** Calls the root context's `onTick` every `millisecond` ms (0 stops). Wraps `proxy_set_tick_period_milliseconds`; traps on failure. */
export function set_tick_period_milliseconds(millisecond: u32): void {
  setTickPeriodMilliseconds(millisecond);
}

/** Wall-clock nanoseconds since the epoch. Wraps `proxy_get_current_time_nanoseconds`. */
export function get_current_time_nanoseconds(): u64 {
  return currentTimeNanoseconds();
}

/** Tells the host that a context that answered false from `onDone` is finished. Wraps `proxy_done`. */
export function done(): WasmResultValues {
  return <WasmResultValues>proxy_done();
}

/**
 * Makes context `_id` the one later hostcalls act on; logs at CRITICAL when
 * the host refuses (e.g. the stream already ended). Wraps `proxy_set_effective_context`.
 */
export function proxy_set_effective_context(_id: u32): WasmResultValues {
  const result = <WasmResultValues>setEffectiveContextHostcall(_id);
  if (result != WasmResultValues.Ok) {
    log(LogLevelValues.critical, "Unable to set effective context: " + _id.toString() + " with result: " + wasmResultName(<u32>result));
  }
  return result;
}

/**
 * Calls the host's foreign function `function_name` with `argument` (UTF-8)
 * and returns its answer. Traps, naming the function and the status, when the
 * host refuses (as 0.1.15 did). Wraps `proxy_call_foreign_function`.
 */
export function call_foreign_function(function_name: string, argument: string): ArrayBuffer {
  const result = callForeignFunction(function_name, String.UTF8.encode(argument));
  if (!result.ok) {
    abort("envoyscript compat: call_foreign_function(\"" + function_name + "\") returned " + wasmResultName(result.status) + "; check the name against the host's foreign functions");
  }
  return result.results;
}
