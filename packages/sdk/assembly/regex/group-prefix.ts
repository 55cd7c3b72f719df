// What follows a `(`: a plain group, `(?:`, `(?flags)`, `(?flags:`,
// `(?P<name>` / `(?<name>`, or one of the Perl constructs that RE2 refuses
// because they cannot run in linear time (lookaround, backreferences,
// atomic groups, recursion, conditionals).

import { RegexErrorCode } from "./errors";
import { PatternReader, isAsciiAlnum } from "./pattern-reader";

export enum GroupPrefix {
  /** `(re)` or a named group: matched like a non-capturing group here. */
  Group = 0,
  /** `(?flags)`: changes the flags for the rest of the enclosing group. */
  SetFlags = 1,
}

export class GroupStart {
  constructor(public kind: GroupPrefix, public flags: i32) {}
}

const FLAG_LETTERS = "imsU";

/**
 * Consumes the `(` under the cursor and its prefix. Returns the kind and the
 * flags in effect inside, or null after recording an error.
 */
export function parseGroupPrefix(reader: PatternReader, flags: i32): GroupStart | null {
  const open = reader.pos;
  reader.pos++;
  if (reader.peek() != 0x3f /* ? */) return new GroupStart(GroupPrefix.Group, flags);
  if (refuseUnsupported(reader, open)) return null;
  if (reader.lookingAt("?P<") || reader.lookingAt("?<")) return readGroupName(reader, open, flags);
  reader.pos++;
  return readFlags(reader, open, flags);
}

/** Records an error for Perl group syntax that RE2 refuses; true if it did. */
function refuseUnsupported(reader: PatternReader, open: i32): bool {
  let code = RegexErrorCode.None;
  let what = "";
  let length = 3;
  if (reader.lookingAt("?=") || reader.lookingAt("?!")) {
    code = RegexErrorCode.UnsupportedLookaround;
    what = "lookahead";
  } else if (reader.lookingAt("?<=") || reader.lookingAt("?<!")) {
    code = RegexErrorCode.UnsupportedLookaround;
    what = "lookbehind";
    length = 4;
  } else if (reader.lookingAt("?P=") || reader.lookingAt("?P>")) {
    code = RegexErrorCode.UnsupportedBackreference;
    what = "named backreference or recursion";
    length = 4;
  } else if (reader.lookingAt("?>")) {
    code = RegexErrorCode.UnsupportedSyntax;
    what = "atomic group";
  } else if (reader.lookingAt("?#")) {
    code = RegexErrorCode.UnsupportedSyntax;
    what = "comment group";
  } else if (reader.lookingAt("?(")) {
    code = RegexErrorCode.UnsupportedSyntax;
    what = "conditional group";
  } else if (reader.lookingAt("?R") || reader.lookingAt("?&") || reader.lookingAt("?+") || isDigit(reader.peek(1))) {
    code = RegexErrorCode.UnsupportedSyntax;
    what = "recursion or subroutine call";
  }
  if (code == RegexErrorCode.None) return false;
  const end = min(open + length, reader.pattern.length);
  reader.fail(code, open, what + " \"" + reader.pattern.substring(open, end) + "\" is not supported (RE2 syntax)");
  return true;
}

function readGroupName(reader: PatternReader, open: i32, flags: i32): GroupStart | null {
  reader.pos += reader.lookingAt("?P<") ? 3 : 2;
  const nameStart = reader.pos;
  while (!reader.atEnd && reader.peek() != 0x3e /* > */) {
    const c = reader.peek();
    if (!isAsciiAlnum(c) && c != 0x5f /* _ */) break;
    reader.pos++;
  }
  if (reader.peek() != 0x3e || reader.pos == nameStart) {
    if (!reader.atEnd) reader.pos++;
    reader.fail(RegexErrorCode.InvalidNamedCapture, open, "invalid named capture \"" + reader.textFrom(open) + "\"");
    return null;
  }
  reader.pos++;
  return new GroupStart(GroupPrefix.Group, flags);
}

/** `(?i)`, `(?-s)`, `(?im-s:`; the cursor is just past `?`. */
function readFlags(reader: PatternReader, open: i32, flags: i32): GroupStart | null {
  let negate = false;
  let sawFlag = false;
  while (!reader.atEnd) {
    const c = reader.peek();
    reader.pos++;
    if (c == 0x3a /* : */ || c == 0x29 /* ) */) {
      if (negate && !sawFlag) break;
      if (c == 0x29 && !sawFlag) break;
      return new GroupStart(c == 0x29 ? GroupPrefix.SetFlags : GroupPrefix.Group, flags);
    }
    if (c == 0x2d /* - */) {
      if (negate) break;
      negate = true;
      sawFlag = false;
      continue;
    }
    const index = FLAG_LETTERS.indexOf(String.fromCharCode(c));
    if (index < 0) break;
    sawFlag = true;
    flags = negate ? flags & ~(1 << index) : flags | (1 << index);
  }
  reader.fail(RegexErrorCode.InvalidGroupFlags, open, "invalid or unsupported group flags \"" + reader.textFrom(open) + "\"");
  return null;
}

function isDigit(c: i32): bool {
  return c >= 0x30 && c <= 0x39;
}
