// Why a configuration was refused: a stable code, the path of the offending
// field and a reason that quotes the value and says what to do. Every filter
// refuses in one format, one line:
//
//   <filter>: <path>: <reason> [<CODE>]
//   routing-headers: rules[0].route: weights sum to 95, expected 100 [E_ROUTE_WEIGHTS]
//
// The path has no leading `$.`; the document itself is `(root)`. The codes
// below are the generic ones, shared by every filter; a filter documents its
// own codes (for its own rules) next to its configuration reference.

import { displayPath } from "./path";

/** Generic codes of configuration errors. Filters add their own for their own rules. */
export namespace ConfigErrorCode {
  /** The text is not JSON; the reason names the line and column. */
  export const SYNTAX = "E_JSON_SYNTAX";
  /** The bytes are not valid UTF-8; the reason names the byte offset. */
  export const UTF8 = "E_JSON_UTF8";
  /** Nested deeper than the reader allows (64 levels). */
  export const DEPTH = "E_JSON_DEPTH";
  /** Larger than the reader allows (4 MiB). */
  export const TOO_LARGE = "E_JSON_TOO_LARGE";
  /** A field has the wrong JSON type. */
  export const TYPE = "E_CONFIG_TYPE";
  /** An object has a member the filter does not know; the nearest known name is suggested. */
  export const UNKNOWN_FIELD = "E_CONFIG_UNKNOWN_FIELD";
  /** A required field is missing. */
  export const MISSING = "E_CONFIG_MISSING";
  /** A number, length or count is outside its allowed range. */
  export const RANGE = "E_CONFIG_RANGE";
  /** A value is not one of the allowed names. */
  export const ENUM = "E_CONFIG_ENUM";
  /** Fields that exclude each other are both given, or none of those of which one is needed. */
  export const EXCLUSIVE = "E_CONFIG_EXCLUSIVE";
  /** A string or list that must not be empty is empty. */
  export const EMPTY = "E_CONFIG_EMPTY";
  /** A name that must be unique is used twice. */
  export const DUPLICATE = "E_CONFIG_DUPLICATE";
  /** A string does not have the form the field needs (URL, path, label, base64, ...). */
  export const FORMAT = "E_CONFIG_FORMAT";
  /** Not a duration such as "200ms", "1.5s", "2m", "1h". */
  export const DURATION = "E_CONFIG_DURATION";
  /** A regular expression does not compile (RE2 syntax, matched in linear time). */
  export const REGEX = "E_CONFIG_REGEX";
  /** Not a header name that may be written or matched. */
  export const HEADER_NAME = "E_CONFIG_HEADER_NAME";
  /** A header value holding CR, LF or NUL. */
  export const HEADER_VALUE = "E_CONFIG_HEADER_VALUE";
}

export class ConfigError {
  constructor(
    /** A stable code: a ConfigErrorCode or one of the filter's own. */
    public readonly code: string,
    /** The offending field (`rules[2].match[0].uri.regex`); "" for the document itself. */
    public readonly path: string,
    /** What is wrong, quoting the value, and what to do. */
    public readonly reason: string,
  ) {}

  /** `<path>: <reason> [<CODE>]`. */
  toString(): string {
    return displayPath(this.path) + ": " + this.reason + " [" + this.code + "]";
  }

  /** The refusal line of filter `filterName`: `<filter>: <path>: <reason> [<CODE>]`. */
  line(filterName: string): string {
    return filterName + ": " + this.toString();
  }
}
