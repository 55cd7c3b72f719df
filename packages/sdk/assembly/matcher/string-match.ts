// One string condition, as Istio's StringMatch: `{exact}`, `{prefix}` or
// `{regex}` (RE2, full match, linear time), plus `{present: true}` and
// `{absent: true}` where a value may be missing (headers, cookies, query
// parameters). Exactly one kind per match. Regexes compile here, once.

import { JsonValue } from "../json/value";
import { Regex } from "../regex/regex";
import { JsonField } from "../config/reader";
import { ConfigErrorCode } from "../config/error";
import { lowerAscii, regionEqualsFolded } from "../text/ascii-case";

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

/**
 * Reads a StringMatch object from `field`, accepting the kinds in
 * `allowedKinds` (a StringMatchKinds bit set). Bad regexes are refused here;
 * null (with the problem recorded) when the match is refused.
 */
export function readStringMatch(field: JsonField, allowedKinds: i32, ignoreCase: bool = false): StringMatch | null {
  const allowed = allowedKindNames(allowedKinds);
  if (!field.checkFields(allowed)) return null;
  const members = field.members();
  if (members.length != 1) {
    const reason = members.length == 0
      ? "empty match; set exactly one of " + allowed.join(", ")
      : "more than one kind of match (" + field.keys().join(", ") + "); set exactly one of " + allowed.join(", ");
    field.refuse(ConfigErrorCode.EXCLUSIVE, reason);
    return null;
  }
  const operand = unchecked(members[0]);
  const key = operand.name;
  if (key == "present" || key == "absent") return readFlag(operand);
  const text = operand.asString("", true);
  if (field.config.failed) return null;
  if (key == "exact") return StringMatch.exact(text, ignoreCase);
  if (key == "prefix") return StringMatch.prefix(text, ignoreCase);
  const regex = operand.asRegex(true);
  return regex === null ? null : StringMatch.ofRegex(regex);
}

function readFlag(operand: JsonField): StringMatch | null {
  const flag = operand.asBool(false, true);
  if (operand.config.failed) return null;
  if (!flag) {
    const other = operand.name == "present" ? "absent" : "present";
    operand.refuse(ConfigErrorCode.EXCLUSIVE, operand.name + ": false is ambiguous; write " + other + ": true");
    return null;
  }
  return operand.name == "present" ? StringMatch.present() : StringMatch.absent();
}

function allowedKindNames(allowedKinds: i32): string[] {
  const names = new Array<string>();
  for (let kind = 0; kind < KIND_NAMES.length; kind++) {
    if ((allowedKinds & (1 << kind)) != 0) names.push(KIND_NAMES[kind]);
  }
  return names;
}
