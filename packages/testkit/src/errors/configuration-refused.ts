/**
 * A filter refused its configuration (`proxy_on_configure` returned false),
 * on either backend: the emulator raises it while configuring, the Envoy
 * backend when Envoy exits over it. Its message starts with the filter's own
 * line, `<filter>: <path>: <reason> [<CODE>]` (the SDK's one refusal format),
 * parsed into `filter`, `field` and `reasonCode`.
 */

export type RefusingBackend = "emulator" | "envoy";

/** A line a module logged, with its level. */
export interface LoggedLine {
  readonly level: string;
  readonly message: string;
}

export class ConfigurationRefusedError extends Error {
  readonly code = "E_CONFIGURATION_REFUSED";
  /** The filter's own refusal line (`routing-headers: rules[0].route: weights sum to 95 ... [E_ROUTE_WEIGHTS]`), else its first ERROR line; null when it logged none. */
  readonly line: string | null;
  /** The filter's name as its line gives it (`routing-headers`). */
  readonly filter: string | null;
  /** The refused field (`rules[0].route`; `(root)` for the document). */
  readonly field: string | null;
  /** The filter's code for the reason (`E_ROUTE_WEIGHTS`, `E_CONFIG_MISSING`). */
  readonly reasonCode: string | null;

  constructor(
    readonly backend: RefusingBackend,
    /** The plugin's name in the setup (Envoy's plugin `name`). */
    readonly plugin: string,
    /** What the module logged while configuring. */
    readonly logs: readonly LoggedLine[],
    /** Where more is to be read (Envoy's log file). */
    where = "",
  ) {
    const errors = logs.filter((entry) => entry.level === "error" || entry.level === "critical").map((entry) => entry.message);
    const own = errors.map(parseRefusalLine).find((parsed) => parsed !== null) ?? null;
    const line = own?.line ?? errors[0] ?? null;
    super(
      `${line ?? `plugin "${plugin}" refused its configuration and logged no reason`}\n` +
        `(on ${backend}: proxy_on_configure of plugin "${plugin}" returned false, so Envoy refuses the listener; fix the field named above${where ? `; ${where}` : ""})`,
    );
    this.name = "ConfigurationRefusedError";
    this.line = line;
    this.filter = own?.filter ?? null;
    this.field = own?.field ?? null;
    this.reasonCode = own?.reasonCode ?? null;
  }
}

/** `<filter>: <path>: <reason> [<CODE>]`, split; null for any other line. */
export function parseRefusalLine(line: string): { line: string; filter: string; field: string; reasonCode: string } | null {
  const match = /^([^\s:]+): (.+?): (.+) \[([A-Z][A-Z0-9_]*)\]$/.exec(line);
  return match ? { line, filter: match[1]!, field: match[2]!, reasonCode: match[4]! } : null;
}
