// Why a pattern was refused. The numbers are stable: configuration
// validators may report them; add new codes at the end.

export enum RegexErrorCode {
  None = 0,
  /** A group `(` without its `)`. */
  MissingParen = 1,
  /** A `)` without an open group. */
  UnexpectedParen = 2,
  /** A class `[` without its `]`. */
  MissingBracket = 3,
  /** A class range whose end is below its start (`[z-a]`), or an unknown `[:name:]`. */
  InvalidCharRange = 4,
  /** An escape RE2 does not define (`\Z`, `\k`, `\x{zz}`, ...). */
  InvalidEscape = 5,
  /** The pattern ends in a lone `\`. */
  TrailingBackslash = 6,
  /** `*`, `+`, `?` or `{n}` with nothing before it. */
  MissingRepeatArgument = 7,
  /** A repetition applied to a repetition (`a**`) or a possessive one (`a*+`). */
  InvalidRepeatOperator = 8,
  /** A count above 1000 or `{n,m}` with m below n. */
  InvalidRepeatSize = 9,
  /** `\1`, `(?P=name)`: backreferences cannot run in linear time. */
  UnsupportedBackreference = 10,
  /** `(?=`, `(?!`, `(?<=`, `(?<!`: lookaround cannot run in linear time. */
  UnsupportedLookaround = 11,
  /** Other syntax RE2 refuses or this engine does not implement (`(?>`, `\C`, `\pL`). */
  UnsupportedSyntax = 12,
  /** A `(?` group with unknown or malformed flags. */
  InvalidGroupFlags = 13,
  /** `(?P<name>` with an empty or non-word name. */
  InvalidNamedCapture = 14,
  /** Groups nested deeper than MAX_NESTING_DEPTH. */
  NestingTooDeep = 15,
  /** The compiled program exceeds MAX_PROGRAM_SIZE instructions. */
  ProgramTooLarge = 16,
}

/** Largest count allowed in `{n}`, `{n,}`, `{n,m}` (RE2's limit). */
export const MAX_REPEAT_COUNT: i32 = 1000;
/**
 * Deepest group nesting accepted. RE2 allows 1000; here parsing recurses
 * per group and AssemblyScript's shadow stack is 16 KiB by default (about
 * 300 levels), so the cap is 100: a third of that stack at most, and far
 * beyond what routing patterns need.
 */
export const MAX_NESTING_DEPTH: i32 = 100;
/** Largest program, in instructions; bounds matching time per input byte and memory. */
export const MAX_PROGRAM_SIZE: i32 = 10000;

/** A stable, readable name for an error code, e.g. `missing-paren`. */
export function regexErrorCodeName(code: RegexErrorCode): string {
  switch (code) {
    case RegexErrorCode.None: return "none";
    case RegexErrorCode.MissingParen: return "missing-paren";
    case RegexErrorCode.UnexpectedParen: return "unexpected-paren";
    case RegexErrorCode.MissingBracket: return "missing-bracket";
    case RegexErrorCode.InvalidCharRange: return "invalid-char-range";
    case RegexErrorCode.InvalidEscape: return "invalid-escape";
    case RegexErrorCode.TrailingBackslash: return "trailing-backslash";
    case RegexErrorCode.MissingRepeatArgument: return "missing-repeat-argument";
    case RegexErrorCode.InvalidRepeatOperator: return "invalid-repeat-operator";
    case RegexErrorCode.InvalidRepeatSize: return "invalid-repeat-size";
    case RegexErrorCode.UnsupportedBackreference: return "unsupported-backreference";
    case RegexErrorCode.UnsupportedLookaround: return "unsupported-lookaround";
    case RegexErrorCode.UnsupportedSyntax: return "unsupported-syntax";
    case RegexErrorCode.InvalidGroupFlags: return "invalid-group-flags";
    case RegexErrorCode.InvalidNamedCapture: return "invalid-named-capture";
    case RegexErrorCode.NestingTooDeep: return "nesting-too-deep";
    case RegexErrorCode.ProgramTooLarge: return "program-too-large";
  }
  return "unknown";
}

/** What the author of the pattern can do about an error. */
export function regexErrorAdvice(code: RegexErrorCode): string {
  switch (code) {
    case RegexErrorCode.MissingParen: return "close the group with ')' or escape the '(' as '\\('";
    case RegexErrorCode.UnexpectedParen: return "remove the ')' or escape it as '\\)'";
    case RegexErrorCode.MissingBracket: return "close the class with ']' or escape the '[' as '\\['";
    case RegexErrorCode.InvalidCharRange: return "write ranges low-high and POSIX classes as [[:alpha:]]";
    case RegexErrorCode.InvalidEscape: return "escape only punctuation, or use an escape listed in the RE2 syntax";
    case RegexErrorCode.TrailingBackslash: return "escape the backslash as '\\\\'";
    case RegexErrorCode.MissingRepeatArgument: return "put the repeated item before the operator, or escape the operator";
    case RegexErrorCode.InvalidRepeatOperator: return "group the inner repetition, e.g. (?:a*)*; possessive and nested operators are not RE2";
    case RegexErrorCode.InvalidRepeatSize: return "use counts from 0 to 1000 with min <= max";
    case RegexErrorCode.UnsupportedBackreference: return "RE2 has no backreferences; match the alternatives explicitly";
    case RegexErrorCode.UnsupportedLookaround: return "RE2 has no lookaround; rewrite the pattern without it";
    case RegexErrorCode.UnsupportedSyntax: return "rewrite the pattern with RE2 syntax supported by this engine";
    case RegexErrorCode.InvalidGroupFlags: return "use (?flags) or (?flags:re) with flags from i, m, s, U";
    case RegexErrorCode.InvalidNamedCapture: return "name groups with letters, digits and '_', as (?P<name>re)";
    case RegexErrorCode.NestingTooDeep: return "nest groups less than 1000 deep";
    case RegexErrorCode.ProgramTooLarge: return "use smaller repetition counts or fewer alternatives";
  }
  return "";
}
