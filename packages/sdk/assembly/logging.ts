// Logging through the host: `proxy_log`, with the host's level checked first
// (`proxy_get_log_level`) so a suppressed line costs one hostcall and no UTF-8
// encoding. Build expensive messages only under `log.enabled(level)`.

import { proxy_get_log_level, proxy_log } from "./imports";
import { LogLevel, WasmResult } from "./enums";
import { ArgSlot, OUT_EXTRA, argLength, textArg } from "./memory";

/**
 * The host's current log level. Wraps `proxy_get_log_level`; callable in every
 * callback. A host that cannot answer is treated as logging everything.
 */
export function hostLogLevel(): LogLevel {
  store<u32>(OUT_EXTRA, 0);
  if (proxy_get_log_level(OUT_EXTRA) != WasmResult.Ok) return LogLevel.Trace;
  return <LogLevel>load<u32>(OUT_EXTRA);
}

/**
 * Writes `message` at `level` without checking the host's level.
 * Wraps `proxy_log`; callable in every callback. Traps if the host refuses
 * (it cannot be reported through the log that failed).
 */
export function writeLog(level: LogLevel, message: string): void {
  const bytes = textArg(message, ArgSlot.First);
  if (proxy_log(<u32>level, bytes, argLength(ArgSlot.First)) != WasmResult.Ok) unreachable();
}

/** Logs `message` at `level` when the host logs that level (`proxy_get_log_level`, then `proxy_log`). */
export function logAt(level: LogLevel, message: string): void {
  if (hostLogLevel() <= level) writeLog(level, message);
}

/**
 * Leveled logging. Each function wraps `proxy_get_log_level` + `proxy_log` and
 * may be called in every callback, including `_initialize`.
 *
 * ```ts
 * log.info("hello: " + method);
 * if (log.enabled(LogLevel.Debug)) log.debug("headers: " + describe(pairs));
 * ```
 */
export namespace log {
  /** True when the host would keep a line at `level` (`proxy_get_log_level`). */
  export function enabled(level: LogLevel): bool {
    return hostLogLevel() <= level;
  }
  /** Logs at TRACE (`proxy_log`). */
  export function trace(message: string): void {
    logAt(LogLevel.Trace, message);
  }
  /** Logs at DEBUG (`proxy_log`). */
  export function debug(message: string): void {
    logAt(LogLevel.Debug, message);
  }
  /** Logs at INFO (`proxy_log`). */
  export function info(message: string): void {
    logAt(LogLevel.Info, message);
  }
  /** Logs at WARN (`proxy_log`). */
  export function warn(message: string): void {
    logAt(LogLevel.Warn, message);
  }
  /** Logs at ERROR (`proxy_log`). */
  export function error(message: string): void {
    logAt(LogLevel.Error, message);
  }
  /** Logs at CRITICAL (`proxy_log`). */
  export function critical(message: string): void {
    logAt(LogLevel.Critical, message);
  }
}
