// One string condition, as Istio's StringMatch: `{exact}`, `{prefix}` or
// `{regex}` (RE2, full match, linear time), plus `{present: true}` and
// `{absent: true}` where a value may be missing (headers, cookies, query
// parameters). Exactly one kind per match. Regexes compile here, once.

import { JsonValue } from "../json/value";
import { Regex } from "../regex/regex";
import { MatchError, MatchErrorCode } from "./match-error";
import { checkObject, memberPath, typeError } from "./json-shape";
import { lowerAscii, regionEqualsFolded } from "./ascii-case";

export enum StringMatchKind {
  Exact = 0,
  Prefix = 1,
  Regex = 2,
  Present = 3,
  Absent = 4,
}

/** Which kinds a field accepts, as a bit set over StringMatchKind. */
export namespace StringMatchKinds {
  export const EXACT: i32 = 1 << StringMatchKind.Exact;
  export const PREFIX: i32 = 1 << StringMatchKind.Prefix;
  export const REGEX: i32 = 1 << StringMatchKind.Regex;
  export const PRESENT: i32 = 1 << StringMatchKind.Present;
  export const ABSENT: i32 = 1 << StringMatchKind.Absent;
  /** uri, method, authority, scheme. */
  export const VALUE: i32 = EXACT | PREFIX | REGEX;
  /** headers, cookies. */
  export const OPTIONAL_VALUE: i32 = VALUE | PRESENT | ABSENT;
  /** queryParams: Istio has no prefix match for them. */
  export const QUERY: i32 = EXACT | REGEX | PRESENT | ABSENT;
}

const KIND_NAMES: string[] = ["exact", "prefix", "regex", "present", "absent"];

/** The JSON name of a kind (`exact`, `prefix`, ...). */
export function stringMatchKindName(kind: StringMatchKind): string {
  return KIND_NAMES[<i32>kind];
}

export class StringMatch {
  private constructor(
    public readonly kind: StringMatchKind,
    /** The exact or prefix text (lower-cased when `ignoreCase`); "" for other kinds. */
    public readonly text: string,
    public readonly regex: Regex | null,
    /** ASCII case-insensitive exact/prefix (Istio `ignoreUriCase`); regexes use `(?i)`. */
    public readonly ignoreCase: bool,
  ) {}

  static exact(text: string, ignoreCase: bool = false): StringMatch {
    return new StringMatch(StringMatchKind.Exact, ignoreCase ? lowerAscii(text) : text, null, ignoreCase);
  }
  static prefix(text: string, ignoreCase: bool = false): StringMatch {
    return new StringMatch(StringMatchKind.Prefix, ignoreCase ? lowerAscii(text) : text, null, ignoreCase);
  }
  static ofRegex(regex: Regex): StringMatch {
    return new StringMatch(StringMatchKind.Regex, "", regex, false);
  }
  static present(): StringMatch {
    return new StringMatch(StringMatchKind.Present, "", null, false);
  }
  static absent(): StringMatch {
    return new StringMatch(StringMatchKind.Absent, "", null, false);
  }

  /** Whether `value` (null when the header/cookie/parameter is missing) satisfies the match. */
  matches(value: string | null): bool {
    const kind = this.kind;
    if (kind == StringMatchKind.Present) return value !== null;
    if (kind == StringMatchKind.Absent) return value === null;
    if (value === null) return false;
    if (kind == StringMatchKind.Regex) return this.regex!.fullMatch(value);
    if (kind == StringMatchKind.Exact) {
      if (value.length != this.text.length) return false;
      return this.ignoreCase ? regionEqualsFolded(value, 0, this.text) : value == this.text;
    }
    return this.ignoreCase ? regionEqualsFolded(value, 0, this.text) : value.startsWith(this.text);
  }

  /** The match as JSON text, for logs (`{"prefix":"/api"}`). */
  toString(): string {
    if (this.kind == StringMatchKind.Present || this.kind == StringMatchKind.Absent) {
      return "{\"" + stringMatchKindName(this.kind) + "\":true}";
    }
    const operand = this.kind == StringMatchKind.Regex ? this.regex!.pattern : this.text;
    return "{\"" + stringMatchKindName(this.kind) + "\":" + JsonValue.fromString(operand).toString() + "}";
  }
}

/** Either a StringMatch or why the configuration was refused. */
export class StringMatchResult {
  constructor(public readonly match: StringMatch | null, public readonly error: MatchError | null) {}
  get ok(): bool {
    return this.error === null;
  }
}

/**
 * Reads a StringMatch object at `path`, accepting the kinds in `allowedKinds`
 * (a StringMatchKinds bit set). Never traps; bad regexes are refused here.
 */
export function parseStringMatch(value: JsonValue, path: string, allowedKinds: i32, ignoreCase: bool = false): StringMatchResult {
  const allowed = allowedKindNames(allowedKinds);
  const shapeError = checkObject(value, path, allowed);
  if (shapeError !== null) return new StringMatchResult(null, shapeError);
  if (value.length != 1) {
    const reason = value.length == 0
      ? "empty match; set exactly one of " + allowed.join(", ")
      : "more than one kind of match (" + keysOf(value) + "); set exactly one of " + allowed.join(", ");
    return new StringMatchResult(null, new MatchError(MatchErrorCode.KIND, path, reason));
  }
  const key = value.keyAt(0);
  const operand = value.at(0)!;
  const operandPath = memberPath(path, key);
  if (key == "present" || key == "absent") return parseFlag(key, operand, operandPath);
  if (!operand.isString()) return new StringMatchResult(null, typeError(operandPath, "a string", operand));
  const text = operand.asString();
  if (key == "exact") return new StringMatchResult(StringMatch.exact(text, ignoreCase), null);
  if (key == "prefix") return new StringMatchResult(StringMatch.prefix(text, ignoreCase), null);
  const compiled = Regex.compile(text);
  if (!compiled.ok) return new StringMatchResult(null, new MatchError(MatchErrorCode.REGEX, operandPath, compiled.error));
  return new StringMatchResult(StringMatch.ofRegex(compiled.regex!), null);
}

function parseFlag(key: string, operand: JsonValue, path: string): StringMatchResult {
  if (!operand.isBool()) return new StringMatchResult(null, typeError(path, "true", operand));
  if (!operand.asBool()) {
    const other = key == "present" ? "absent" : "present";
    return new StringMatchResult(null, new MatchError(MatchErrorCode.INVALID, path, key + ": false is ambiguous; write " + other + ": true"));
  }
  const match = key == "present" ? StringMatch.present() : StringMatch.absent();
  return new StringMatchResult(match, null);
}

function allowedKindNames(allowedKinds: i32): string[] {
  const names = new Array<string>();
  for (let kind = 0; kind < KIND_NAMES.length; kind++) {
    if ((allowedKinds & (1 << kind)) != 0) names.push(KIND_NAMES[kind]);
  }
  return names;
}

function keysOf(value: JsonValue): string {
  const keys = new Array<string>();
  for (let i = 0; i < value.length; i++) keys.push(value.keyAt(i));
  return keys.join(", ");
}
