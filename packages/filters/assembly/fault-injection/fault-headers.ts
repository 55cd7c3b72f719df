// Per-request fault headers in the style of Envoy's fault filter. Values are
// read from the request as sent by the client: an invalid one is ignored (with
// a debug log) and never traps; every value is bounded by its length.

import { LogLevel, log } from "@envoyscript/sdk/assembly";
import { Percentage, PER_MILLION, RequestView } from "@envoyscript/sdk/assembly/matcher";
import { GRPC_STATUS_MAX } from "./grpc-status";

export const DELAY_HEADER = "x-envoy-fault-delay-request";
export const DELAY_PERCENTAGE_HEADER = "x-envoy-fault-delay-request-percentage";
export const ABORT_HEADER = "x-envoy-fault-abort-request";
export const ABORT_GRPC_HEADER = "x-envoy-fault-abort-grpc-request";
export const ABORT_PERCENTAGE_HEADER = "x-envoy-fault-abort-request-percentage";

/** Absent or invalid. */
export const NOT_GIVEN: i64 = -1;

/** Longest decimal read from a header; longer values are invalid. */
const MAX_DIGITS = 15;

/**
 * A header's value as a non-negative integer in [min, max]; NOT_GIVEN when
 * absent, or when invalid (logged at debug).
 */
export function integerHeader(view: RequestView, name: string, min: i64, max: i64): i64 {
  const text = view.header(name);
  if (text === null) return NOT_GIVEN;
  const value = parseDecimal(text);
  if (value < min || value > max) {
    ignored(name, text, "expected an integer from " + min.toString() + " to " + max.toString());
    return NOT_GIVEN;
  }
  return value;
}

/**
 * A percentage header (`12.5` means 12.5%, at most four decimals used),
 * capped by `max`; `fallback` when absent or invalid (logged at debug).
 */
export function percentageHeader(view: RequestView, name: string, fallback: Percentage, max: Percentage): Percentage {
  const text = view.header(name);
  if (text === null) return capped(fallback, max);
  const perMillion = parsePercentText(text);
  if (perMillion < 0) {
    ignored(name, text, "expected a percent from 0 to 100");
    return capped(fallback, max);
  }
  return capped(new Percentage(<u32>perMillion), max);
}

function capped(value: Percentage, max: Percentage): Percentage {
  return value.perMillion <= max.perMillion ? value : max;
}

/** Digits only, at most MAX_DIGITS of them; -1 otherwise. */
export function parseDecimal(text: string): i64 {
  const length = text.length;
  if (length == 0 || length > MAX_DIGITS) return -1;
  let value: i64 = 0;
  for (let i = 0; i < length; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** `50`, `12.5`, `0.0001` as parts per million (0 to 1,000,000); -1 when not a percent. */
export function parsePercentText(text: string): i64 {
  const point = text.indexOf(".");
  const whole = parseDecimal(point < 0 ? text : text.substring(0, point));
  if (whole < 0 || whole > 100) return -1;
  let fractionPerMillion: i64 = 0;
  if (point >= 0) {
    const fraction = text.substring(point + 1);
    if (fraction.length == 0 || fraction.length > 8 || parseDecimal(fraction) < 0) return -1;
    // Four decimals of a percent are a millionth; finer digits are dropped.
    let scale: i64 = 1000;
    for (let i = 0; i < fraction.length && i < 4; i++) {
      fractionPerMillion += <i64>(fraction.charCodeAt(i) - 0x30) * scale;
      scale /= 10;
    }
  }
  const perMillion = whole * 10000 + fractionPerMillion;
  return perMillion > <i64>PER_MILLION ? -1 : perMillion;
}

/** The highest gRPC status a header may ask for. */
export const MAX_GRPC_HEADER_STATUS: i64 = GRPC_STATUS_MAX;

function ignored(name: string, text: string, reason: string): void {
  if (!log.enabled(LogLevel.Debug)) return;
  const quoted = text.length <= 40 ? text : text.substring(0, 40) + "...";
  log.debug("fault-injection: ignoring " + name + ": \"" + quoted + "\": " + reason);
}
