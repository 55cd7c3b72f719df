import { EnvoyError, wasmLogLines } from "@envoyscript/testkit";
import { CliError } from "../errors.ts";

/**
 * Turns Envoy's failure to start into the CLI's error. When filters logged
 * errors (a refused configuration), their lines are the reason: `report`
 * gets them first, each alone on its line, and the error points at them;
 * otherwise the error carries Envoy's own fatal error. Envoy's log tail is
 * added only when `verbose`. Other errors pass through unchanged.
 */
export function startupFailure(error: unknown, verbose: boolean, report: (line: string) => void): unknown {
  if (!(error instanceof EnvoyError) || (error.code !== "E_ENVOY_EXITED" && error.code !== "E_ENVOY_NOT_READY")) return error;
  const [summary, tail = ""] = error.message.split(/; log tail:\n/);
  const fatal = envoyFatalError(tail);
  // A filter's error lines are the reason when Envoy gave up on a wasm plugin, not when it failed for its own reasons.
  const filterLines = fatal === null || /wasm/i.test(fatal) ? filterErrors(tail) : [];
  for (const line of filterLines) report(line);
  const reason = filterLines.length > 0 ? "a filter refused to start (above)" : (fatal ?? summary);
  const detail = verbose ? `\n${summary}; Envoy's log tail:\n${tail}` : "; run again with --verbose for Envoy's log";
  return new CliError(error.code, `Envoy did not start: ${reason}${detail}`);
}

/** What wasm filters logged at error or critical level, without Envoy's prefix. */
function filterErrors(log: string): string[] {
  return wasmLogLines(log)
    .filter((line) => line.level === "error" || line.level === "critical")
    .map((line) => line.message);
}

/** Envoy's reason for refusing its configuration (`error \`<reason>\` initializing config`), or its last critical line. */
function envoyFatalError(log: string): string | null {
  const initializing = /error `([^`]*)` initializing config/.exec(log);
  if (initializing) return initializing[1];
  const critical = log.split("\n").filter((line) => /\]\[critical\]\[/.test(line));
  const last = critical.at(-1);
  return last ? last.replace(/^.*\]\[critical\]\[\w+\] \[[^\]]*\] /, "") : null;
}
