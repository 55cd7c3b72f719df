// Logging the 0.1.15 way: `log(LogLevelValues.info, "message")`.

import { LogLevel } from "../enums";
import { hostLogLevel, writeLog } from "../logging";
import { LogLevelValues } from "./enums";

/** Writes `logMessage` at `level`; the host drops levels below its own. Wraps `proxy_log`. */
export function log(level: LogLevelValues, logMessage: string): void {
  writeLog(<LogLevel>level, logMessage);
}

/** The host's log level. Wraps `proxy_get_log_level`. */
export function logLevel(): LogLevelValues {
  return <LogLevelValues>hostLogLevel();
}
