// Small checks on the shape of configuration JSON, shared by the matcher's
// parsers: objects with a closed set of fields, and readable descriptions of
// wrong values. Each returns a MatchError (or null when the shape is fine).

import { JsonKind, JsonValue, describeKind } from "../json/value";
import { MatchError, MatchErrorCode } from "./match-error";

/** `"text"`, `42`, `an object`: what a wrong value was, quoted when short. */
export function describeJson(value: JsonValue): string {
  if (value.kind == JsonKind.Object || value.kind == JsonKind.Array) return describeKind(value.kind);
  const text = value.toString();
  return text.length <= 40 ? text : text.substring(0, 40) + "...";
}

/** A type error at `path`: `expected a string, got 42`. */
export function typeError(path: string, expected: string, value: JsonValue): MatchError {
  return new MatchError(MatchErrorCode.TYPE, path, "expected " + expected + ", got " + describeJson(value));
}

/** Null when `value` is an object whose every field is in `allowed`; else the first problem. */
export function checkObject(value: JsonValue, path: string, allowed: string[]): MatchError | null {
  if (!value.isObject()) return typeError(path, "an object", value);
  for (let i = 0; i < value.length; i++) {
    const key = value.keyAt(i);
    if (!allowed.includes(key)) {
      return new MatchError(
        MatchErrorCode.UNKNOWN_FIELD, path + "." + key,
        "unknown field \"" + key + "\"; expected one of " + allowed.join(", "),
      );
    }
  }
  return null;
}

/** `path.name`, or `path["a b"]` when the name is not a plain identifier. */
export function memberPath(path: string, name: string): string {
  if (name.length == 0) return path + "[\"\"]";
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    const plain = (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) ||
      (code >= 0x30 && code <= 0x39) || code == 0x5f || code == 0x2d;
    if (!plain) return path + "[\"" + name + "\"]";
  }
  return path + "." + name;
}

/** `path[index]`. */
export function itemPath(path: string, index: i32): string {
  return path + "[" + index.toString() + "]";
}
