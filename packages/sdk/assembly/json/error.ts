// Why a JSON document (usually a filter's configuration) was refused: a
// stable code, the path of the offending field ("$.routes[2].name") and the
// reason, quoting the offending value.

/** Stable codes of configuration errors. */
export namespace JsonErrorCode {
  /** The text is not JSON. */
  export const SYNTAX = "E_JSON_SYNTAX";
  /** The bytes are not valid UTF-8. */
  export const UTF8 = "E_JSON_UTF8";
  /** Nested deeper than the reader allows. */
  export const DEPTH = "E_JSON_DEPTH";
  /** The document is larger than the reader allows. */
  export const TOO_LARGE = "E_JSON_TOO_LARGE";
  /** A field has the wrong type. */
  export const TYPE = "E_JSON_TYPE";
  /** A required field is missing. */
  export const MISSING = "E_JSON_MISSING";
  /** A number or length is outside the allowed range. */
  export const RANGE = "E_JSON_RANGE";
  /** A value is not one of the allowed ones. */
  export const INVALID = "E_JSON_INVALID";
}

export class JsonError {
  constructor(
    public readonly code: string,
    public readonly path: string,
    public readonly reason: string,
  ) {}

  /** One log line: `invalid configuration at $.greeting (E_JSON_TYPE): expected a string, got 42`. */
  toString(): string {
    return "invalid configuration at " + this.path + " (" + this.code + "): " + this.reason;
  }
}
