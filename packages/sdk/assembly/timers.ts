// Timers and clocks.

import { proxy_get_current_time_nanoseconds, proxy_set_tick_period_milliseconds, wasi_clock_time_get } from "./imports";
import { OUT_U64 } from "./memory";
import { expectOk } from "./status";

/**
 * Asks the host to call the root context's `onTick` every `milliseconds`
 * (0 stops the timer). Wraps `proxy_set_tick_period_milliseconds`; call it
 * from a root context (`onVmStart`, `onConfigure`, `onTick`).
 */
export function setTickPeriodMilliseconds(milliseconds: u32): void {
  expectOk(proxy_set_tick_period_milliseconds(milliseconds), "proxy_set_tick_period_milliseconds");
}

/**
 * Wall-clock time in nanoseconds since the Unix epoch. Wraps
 * `proxy_get_current_time_nanoseconds`; callable in every callback. Hosts may
 * freeze it for the duration of a callback.
 */
export function currentTimeNanoseconds(): u64 {
  store<u64>(OUT_U64, 0);
  expectOk(proxy_get_current_time_nanoseconds(OUT_U64), "proxy_get_current_time_nanoseconds");
  return load<u64>(OUT_U64);
}

/** Wall-clock time in milliseconds since the Unix epoch (`proxy_get_current_time_nanoseconds`). */
export function currentTimeMilliseconds(): u64 {
  return currentTimeNanoseconds() / 1_000_000;
}

/**
 * Monotonic time in nanoseconds, for measuring durations. Wraps WASI
 * `clock_time_get(MONOTONIC)`; callable in every callback.
 */
export function monotonicTimeNanoseconds(): u64 {
  store<u64>(OUT_U64, 0);
  const errno = wasi_clock_time_get(1, 1, OUT_U64);
  if (errno != 0) abort("envoyscript: clock_time_get(MONOTONIC) returned WASI errno " + errno.toString());
  return load<u64>(OUT_U64);
}
