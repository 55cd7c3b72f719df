// Durations as Istio's configuration writes them: a decimal number and a unit,
// `"200ms"`, `"0.2s"`, `"1.5s"`, `"2m"`, `"1h"`. Read at configure time into
// whole milliseconds; the input is bounded by its length, never trapping.

/** The longest delay a configuration may ask for: one hour. */
export const MAX_DELAY_MS: i64 = 3_600_000;

/** Longest duration text read (digits, point, unit): anything longer is refused. */
const MAX_DURATION_LENGTH = 24;

/** Milliseconds, or why the text is not a duration. */
export class DurationResult {
  constructor(public readonly milliseconds: i64, public readonly reason: string) {}
  get ok(): bool {
    return this.reason.length == 0;
  }
}

/** Parses `"200ms"`-style text into milliseconds (rounded to the nearest one). */
export function parseDuration(text: string): DurationResult {
  if (text.length == 0 || text.length > MAX_DURATION_LENGTH) return refused(text, "expected a duration such as \"200ms\" or \"1.5s\"");
  if (text.charCodeAt(0) == 0x2d) return refused(text, "a delay cannot be negative");
  let end = 0;
  let digits = 0;
  let points = 0;
  while (end < text.length) {
    const code = text.charCodeAt(end);
    if (code >= 0x30 && code <= 0x39) digits++;
    else if (code == 0x2e) points++;
    else break;
    end++;
  }
  if (digits == 0 || points > 1 || text.charCodeAt(end - 1) == 0x2e) {
    return refused(text, "expected a decimal number before the unit, such as \"200ms\" or \"0.5s\"");
  }
  const factor = unitFactor(text.substring(end));
  if (factor < 0) return refused(text, "unknown unit; use ms, s, m or h");
  const milliseconds = Math.round(parseFloat(text.substring(0, end)) * factor);
  if (!(milliseconds <= <f64>MAX_DELAY_MS)) return refused(text, "longer than the maximum of 1h");
  return new DurationResult(<i64>milliseconds, "");
}

/** Milliseconds per unit, or -1 for an unknown unit. */
function unitFactor(unit: string): f64 {
  if (unit == "ms") return 1;
  if (unit == "s") return 1000;
  if (unit == "m") return 60_000;
  if (unit == "h") return 3_600_000;
  return -1;
}

function refused(text: string, reason: string): DurationResult {
  const quoted = text.length <= 40 ? text : text.substring(0, 40) + "...";
  return new DurationResult(-1, reason + ", got \"" + quoted + "\"");
}
