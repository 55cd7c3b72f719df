// Why a match (or percentage) configuration was refused: a stable code, the
// field path the caller passed in extended to the offending field
// (`rules[2].match[0].uri.regex`), and a reason quoting the bad value.

/** Stable codes of matcher configuration errors. */
export namespace MatchErrorCode {
  /** A field has the wrong JSON type. */
  export const TYPE = "E_MATCH_TYPE";
  /** An object has a field the matcher does not know. */
  export const UNKNOWN_FIELD = "E_MATCH_UNKNOWN_FIELD";
  /** A string match names no kind, or more than one. */
  export const KIND = "E_MATCH_KIND";
  /** A regular expression does not compile (RE2 syntax, linear time). */
  export const REGEX = "E_MATCH_REGEX";
  /** A value is out of range or otherwise invalid (empty header name, 120%). */
  export const INVALID = "E_MATCH_INVALID";
}

export class MatchError {
  constructor(
    public readonly code: string,
    public readonly path: string,
    public readonly reason: string,
  ) {}

  /** One log line's worth: `rules[0].match[1].uri.regex: invalid regex "(" ... [E_MATCH_REGEX]`. */
  toString(): string {
    return this.path + ": " + this.reason + " [" + this.code + "]";
  }
}
