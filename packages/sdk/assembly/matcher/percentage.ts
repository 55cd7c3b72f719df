// A share of requests with per-million resolution, read from any of:
//   12.5                                              a bare percent
//   {"value": 12.5}                                   Istio's Percent
//   {"numerator": 1, "denominator": "TEN_THOUSAND"}   Envoy's FractionalPercent
//                                                     (HUNDRED, TEN_THOUSAND or
//                                                     MILLION; HUNDRED by default)
// Percents finer than a millionth round to the nearest millionth.

import { JsonValue, isWholeNumber } from "../json/value";
import { MatchError, MatchErrorCode } from "./match-error";
import { checkObject, describeJson, typeError } from "./json-shape";

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

/** Either a Percentage or why the configuration was refused. */
export class PercentageResult {
  constructor(public readonly percentage: Percentage | null, public readonly error: MatchError | null) {}
  get ok(): bool {
    return this.error === null;
  }
}

const DENOMINATORS: string[] = ["HUNDRED", "TEN_THOUSAND", "MILLION"];
const DENOMINATOR_VALUES: u32[] = [100, 10000, 1000000];

/** Reads a percentage at `path` (see the forms above). Never traps. */
export function parsePercentage(json: JsonValue, path: string): PercentageResult {
  if (json.isNumber()) return fromPercent(json, path);
  if (!json.isObject()) return failed(typeError(path, "a percent number or an object {value} or {numerator, denominator}", json));
  if (json.has("value")) {
    const shape = checkObject(json, path, ["value"]);
    if (shape !== null) return failed(shape);
    const value = json.get("value")!;
    if (!value.isNumber()) return failed(typeError(path + ".value", "a number from 0 to 100", value));
    return fromPercent(value, path + ".value");
  }
  return fromFraction(json, path);
}

function fromPercent(value: JsonValue, path: string): PercentageResult {
  const percent = value.asNumber();
  if (!(percent >= 0 && percent <= 100)) {
    return failed(new MatchError(MatchErrorCode.INVALID, path, "expected a percent from 0 to 100, got " + describeJson(value)));
  }
  return new PercentageResult(Percentage.ofPercent(percent), null);
}

function fromFraction(json: JsonValue, path: string): PercentageResult {
  const shape = checkObject(json, path, ["numerator", "denominator"]);
  if (shape !== null) return failed(shape);
  const numerator = json.get("numerator");
  if (numerator === null) {
    return failed(new MatchError(MatchErrorCode.INVALID, path, "missing \"value\" (percent) or \"numerator\" (FractionalPercent)"));
  }
  const number = numerator.asNumber();
  if (!numerator.isNumber() || !isWholeNumber(number) || number < 0) {
    return failed(typeError(path + ".numerator", "a non-negative integer", numerator));
  }
  let denominator: u32 = 100;
  const denominatorValue = json.get("denominator");
  if (denominatorValue !== null) {
    const index = denominatorValue.isString() ? DENOMINATORS.indexOf(denominatorValue.asString()) : -1;
    if (index < 0) return failed(typeError(path + ".denominator", "one of " + DENOMINATORS.join(", "), denominatorValue));
    denominator = DENOMINATOR_VALUES[index];
  }
  if (number > <f64>denominator) {
    return failed(new MatchError(
      MatchErrorCode.INVALID, path + ".numerator",
      "numerator " + describeJson(numerator) + " exceeds the denominator " + denominator.toString() + "; write at most 100%",
    ));
  }
  return new PercentageResult(new Percentage(<u32>number * (PER_MILLION / denominator)), null);
}

function clampPercent(percent: f64): f64 {
  return percent < 0 ? 0 : percent > 100 ? 100 : percent;
}

function failed(error: MatchError): PercentageResult {
  return new PercentageResult(null, error);
}
