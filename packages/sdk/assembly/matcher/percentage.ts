// A share of requests with per-million resolution, read from any of:
//   12.5                                              a bare percent
//   {"value": 12.5}                                   Istio's Percent
//   {"numerator": 1, "denominator": "TEN_THOUSAND"}   Envoy's FractionalPercent
//                                                     (HUNDRED, TEN_THOUSAND or
//                                                     MILLION; HUNDRED by default)
// Percents finer than a millionth round to the nearest millionth.

import { formatNumber } from "../json/value";
import { JsonField } from "../config/reader";
import { ConfigErrorCode } from "../config/error";

/** One million: the resolution of a Percentage. */
export const PER_MILLION: u32 = 1000000;

export class Percentage {
  constructor(
    /** Parts per million, 0 to 1,000,000. */
    public readonly perMillion: u32,
  ) {}

  static ofPercent(percent: f64): Percentage {
    return new Percentage(<u32>Math.round(clampPercent(percent) * 10000));
  }

  get isNone(): bool {
    return this.perMillion == 0;
  }

  get isAll(): bool {
    return this.perMillion >= PER_MILLION;
  }

  /** True when `draw` (uniform in [0, 1,000,000)) falls in this share. */
  includes(draw: u32): bool {
    return draw < this.perMillion;
  }

  /** `12.5%`. */
  toString(): string {
    const whole = this.perMillion / 10000;
    const fraction = this.perMillion % 10000;
    if (fraction == 0) return whole.toString() + "%";
    let digits = (fraction + 10000).toString().substring(1);
    while (digits.endsWith("0")) digits = digits.substring(0, digits.length - 1);
    return whole.toString() + "." + digits + "%";
  }
}

const DENOMINATORS: string[] = ["HUNDRED", "TEN_THOUSAND", "MILLION"];
const DENOMINATOR_VALUES: u32[] = [100, 10000, 1000000];

/** Reads a percentage from `field` (see the forms above); `fallback` when absent or refused. */
export function readPercentage(field: JsonField, fallback: Percentage): Percentage {
  const value = field.value;
  if (value === null) return fallback;
  if (value.isNumber()) return fromPercent(field, fallback);
  if (!value.isObject()) {
    field.reportType("a percent number or an object {value} or {numerator, denominator}", value);
    return fallback;
  }
  if (value.has("value")) {
    if (!field.checkFields(["value"])) return fallback;
    return fromPercent(field.field("value"), fallback);
  }
  return fromFraction(field, fallback);
}

function fromPercent(field: JsonField, fallback: Percentage): Percentage {
  const percent = field.asNumber(-1, -Infinity, Infinity, false, true);
  if (field.config.failed) return fallback;
  if (!(percent >= 0 && percent <= 100)) {
    field.refuse(ConfigErrorCode.RANGE, "expected a percent from 0 to 100, got " + formatNumber(percent));
    return fallback;
  }
  return Percentage.ofPercent(percent);
}

function fromFraction(field: JsonField, fallback: Percentage): Percentage {
  if (!field.checkFields(["numerator", "denominator"])) return fallback;
  const numeratorField = field.field("numerator");
  if (!numeratorField.require("give \"value\" (a percent) or \"numerator\" (Envoy's FractionalPercent)")) return fallback;
  const numerator = numeratorField.asInteger(0, 0, u32.MAX_VALUE);
  const index = DENOMINATORS.indexOf(field.field("denominator").asEnum(DENOMINATORS, "HUNDRED"));
  if (field.config.failed) return fallback;
  const denominator = DENOMINATOR_VALUES[index];
  if (numerator > <i64>denominator) {
    numeratorField.refuse(ConfigErrorCode.RANGE, "numerator " + numerator.toString() + " exceeds the denominator " + denominator.toString() + "; write at most 100%");
    return fallback;
  }
  return new Percentage(<u32>numerator * (PER_MILLION / denominator));
}

function clampPercent(percent: f64): f64 {
  return percent < 0 ? 0 : percent > 100 ? 100 : percent;
}
