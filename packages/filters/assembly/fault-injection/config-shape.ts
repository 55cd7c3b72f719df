// Small checks on the shape of the configuration JSON: objects with a closed
// set of fields, field paths, and type errors that quote the wrong value.

import { JsonValue } from "@envoyscript/sdk/assembly";
import { describeJson } from "@envoyscript/sdk/assembly/matcher";
import { FaultConfigError, FaultConfigErrorCode } from "./config-error";

/** `parent.name`, or `name` at the top level. */
export function fieldPath(parent: string, name: string): string {
  return parent.length == 0 ? name : parent + "." + name;
}

/** A type error at `path`: `expected a boolean, got "yes"`. */
export function typeError(path: string, expected: string, value: JsonValue): FaultConfigError {
  return new FaultConfigError(FaultConfigErrorCode.TYPE, path, "expected " + expected + ", got " + describeJson(value));
}

/** A range error at `path`: `expected <expected>, got 700`. */
export function rangeError(path: string, expected: string, value: JsonValue): FaultConfigError {
  return new FaultConfigError(FaultConfigErrorCode.RANGE, path, "expected " + expected + ", got " + describeJson(value));
}

/** Null when `value` is an object whose fields are all in `allowed`; else the first problem. */
export function checkFields(value: JsonValue, path: string, allowed: string[]): FaultConfigError | null {
  if (!value.isObject()) return typeError(path.length == 0 ? "(configuration)" : path, "an object", value);
  for (let i = 0; i < value.length; i++) {
    const key = value.keyAt(i);
    if (!allowed.includes(key)) {
      return new FaultConfigError(
        FaultConfigErrorCode.UNKNOWN_FIELD, fieldPath(path, key),
        "unknown field \"" + key + "\"; expected one of " + allowed.join(", "),
      );
    }
  }
  return null;
}

/** True when `value` is a number with no fraction. */
export function isInteger(value: JsonValue): bool {
  if (!value.isNumber()) return false;
  const number = value.asNumber();
  return isFinite(number) && Math.floor(number) == number;
}
