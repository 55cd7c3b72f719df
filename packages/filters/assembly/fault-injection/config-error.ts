// Why a fault-injection configuration was refused: a stable code, the path of
// the offending field (`faults[1].abort.httpStatus`) and a reason quoting the
// bad value. Matcher errors (match lists, percentages) and JSON syntax errors
// keep their own codes (E_MATCH_*, E_JSON_*).

import { MatchError } from "@envoyscript/sdk/assembly/matcher";

/** Stable codes of fault-injection configuration errors. */
export namespace FaultConfigErrorCode {
  /** A field has the wrong JSON type. */
  export const TYPE = "E_FAULT_TYPE";
  /** An object has a field the filter does not know. */
  export const UNKNOWN_FIELD = "E_FAULT_UNKNOWN_FIELD";
  /** A number is outside its allowed range (status, percent, delay). */
  export const RANGE = "E_FAULT_RANGE";
  /** A value is otherwise unusable (bad duration, unknown gRPC status name, conflicting fields). */
  export const INVALID = "E_FAULT_INVALID";
}

export class FaultConfigError {
  constructor(
    public readonly code: string,
    public readonly path: string,
    public readonly reason: string,
  ) {}

  /** Keeps a matcher error's code, path and reason. */
  static fromMatch(error: MatchError): FaultConfigError {
    return new FaultConfigError(error.code, error.path, error.reason);
  }

  /** The one log line: `faults[0].abort.httpStatus: expected an HTTP status from 200 to 599, got 700 [E_FAULT_RANGE]`. */
  toString(): string {
    return this.path + ": " + this.reason + " [" + this.code + "]";
  }
}
