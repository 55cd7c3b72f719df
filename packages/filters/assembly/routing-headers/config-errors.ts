// Collects the first configuration problem while the reader walks the JSON.
// Readers return a usable default after a problem, so the walk can go on
// without null checks everywhere; onConfigure checks `failed` once and logs
// `error` (field path and reason) in one line.

import { JsonValue } from "@envoyscript/sdk/assembly";
import { MatchError, MatchErrorCode, checkObject, typeError } from "@envoyscript/sdk/assembly/matcher";

export class ConfigErrors {
  error: MatchError | null = null;

  get failed(): bool {
    return this.error !== null;
  }

  /** Records `error` unless an earlier one is recorded. */
  record(error: MatchError | null): void {
    if (error !== null && this.error === null) this.error = error;
  }

  invalid(path: string, reason: string): void {
    this.record(new MatchError(MatchErrorCode.INVALID, path, reason));
  }

  /** True when `value` is an object whose fields are all in `allowed`; records why not. */
  object(value: JsonValue, path: string, allowed: string[]): bool {
    const problem = checkObject(value, path, allowed);
    this.record(problem);
    return problem === null;
  }

  /** The string at `path`, or "" after recording a type error. */
  string(value: JsonValue, path: string): string {
    if (value.isString()) return value.asString();
    this.record(typeError(path, "a string", value));
    return "";
  }

  /** The boolean at `path`, or false after recording a type error. */
  bool(value: JsonValue, path: string): bool {
    if (value.isBool()) return value.asBool();
    this.record(typeError(path, "a boolean", value));
    return false;
  }

  /** The integer in [min, max] at `path`, or `min` after recording the problem. */
  integer(value: JsonValue, path: string, min: i32, max: i32): i32 {
    const number = value.asNumber();
    if (!value.isNumber() || Math.trunc(number) != number) {
      this.record(typeError(path, "an integer", value));
      return min;
    }
    if (number < <f64>min || number > <f64>max) {
      this.invalid(path, "expected an integer from " + min.toString() + " to " + max.toString() + ", got " + value.toString());
      return min;
    }
    return <i32>number;
  }

  /** True when `value` is an array; records a type error otherwise. */
  array(value: JsonValue, path: string): bool {
    if (value.isArray()) return true;
    this.record(typeError(path, "an array", value));
    return false;
  }
}
