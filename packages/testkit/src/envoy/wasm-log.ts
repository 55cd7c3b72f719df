/**
 * What a wasm filter logged, read back from Envoy's log. Envoy prints a
 * module's `proxy_log` as `[<time>][<thread>][<level>][wasm] [<source>]
 * wasm log <plugin> <root id>: <message>`; this is the one reader of that
 * line for the testkit and the CLI.
 */
import type { LoggedLine } from "../errors/configuration-refused.ts";

const WASM_LOG_LINE = /\]\[(\w+)\]\[wasm\] (?:\[[^\]]*\] )?wasm log [^:]*: (.*)$/;

/** The filter's line (Envoy's level name and the filter's message) in one line of Envoy's log, or null for any other line. */
export function wasmLogLine(line: string): LoggedLine | null {
  const match = WASM_LOG_LINE.exec(line);
  return match ? { level: match[1]!, message: match[2]! } : null;
}

/** Every line filters logged in a stretch of Envoy's log, in order. */
export function wasmLogLines(log: string): LoggedLine[] {
  const lines: LoggedLine[] = [];
  for (const line of log.split("\n")) {
    const logged = wasmLogLine(line);
    if (logged) lines.push(logged);
  }
  return lines;
}
