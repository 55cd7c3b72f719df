// Durations as Istio and Envoy configurations write them: a decimal number
// and a unit, "200ms", "0.2s", "1.5s", "2m", "1h". Read at configure time into
// whole milliseconds (rounded); the text is bounded by its length, so hostile
// input costs nothing and never traps.

/** Longest duration text read (digits, point, unit): anything longer is refused. */
const MAX_DURATION_LENGTH = 24;
/** Longer durations read as this (about 31 years); callers refuse them against their own maximum. */
const CLAMP_MS: f64 = 1e12;

/** Milliseconds, or why the text is not a duration (`reason` is then not empty). */
export class DurationResult {
  constructor(public readonly milliseconds: i64, public readonly reason: string) {}
  get ok(): bool {
    return this.reason.length == 0;
  }
}

/** Parses `"200ms"`-style text into milliseconds; `reason` says what is wrong otherwise. */
export function parseDuration(text: string): DurationResult {
  if (text.length == 0 || text.length > MAX_DURATION_LENGTH) return refused("expected a duration such as \"200ms\" or \"1.5s\"");
  if (text.charCodeAt(0) == 0x2d) return refused("a duration cannot be negative");
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
    return refused("expected a decimal number before the unit, such as \"200ms\" or \"0.5s\"");
  }
  const factor = unitFactor(text.substring(end));
  if (factor < 0) return refused("unknown unit; use ms, s, m or h");
  // Clamped far above any sensible maximum before the conversion to an integer.
  const milliseconds = Math.min(Math.round(parseFloat(text.substring(0, end)) * factor), CLAMP_MS);
  return new DurationResult(<i64>milliseconds, "");
}

/** `1h`, `2m`, `1.5s`, `200ms`: a duration in milliseconds as configurations write it. */
export function formatDuration(milliseconds: i64): string {
  if (milliseconds > 0 && milliseconds % 3_600_000 == 0) return (milliseconds / 3_600_000).toString() + "h";
  if (milliseconds > 0 && milliseconds % 60_000 == 0) return (milliseconds / 60_000).toString() + "m";
  if (milliseconds > 0 && milliseconds % 1000 == 0) return (milliseconds / 1000).toString() + "s";
  return milliseconds.toString() + "ms";
}

/** Milliseconds per unit, or -1 for an unknown unit. */
function unitFactor(unit: string): f64 {
  if (unit == "ms") return 1;
  if (unit == "s") return 1000;
  if (unit == "m") return 60_000;
  if (unit == "h") return 3_600_000;
  return -1;
}

function refused(reason: string): DurationResult {
  return new DurationResult(-1, reason);
}
