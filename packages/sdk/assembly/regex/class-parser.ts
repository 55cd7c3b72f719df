// Bracket expressions: `[a-z]`, `[^...]`, `[\d_]`, `[[:alpha:]]`.
// RE2 rules: a `]` right after `[` or `[^` is a literal; `-` is a literal
// where it cannot form a range; `[z-a]` and unknown `[:name:]` are errors.

import { CharClass } from "./char-class";
import { RegexErrorCode } from "./errors";
import { perlClass, posixClass } from "./named-classes";
import { PatternReader } from "./pattern-reader";

/** Parses the class whose `[` is under the cursor; null after recording an error. */
export function parseBracketClass(reader: PatternReader, foldCase: bool): CharClass | null {
  const open = reader.pos;
  reader.pos++;
  const negated = reader.peek() == 0x5e; /* ^ */
  if (negated) reader.pos++;
  const charClass = new CharClass();
  let first = true;
  while (true) {
    if (reader.atEnd) {
      reader.fail(RegexErrorCode.MissingBracket, open, "missing closing ] in \"" + reader.textFrom(open) + "\"");
      return null;
    }
    const c = reader.peek();
    if (c == 0x5d /* ] */ && !first) break;
    first = false;
    if (c == 0x5b /* [ */ && reader.peek(1) == 0x3a /* : */) {
      const handled = addPosixClass(reader, charClass);
      if (reader.failed) return null;
      if (handled) continue;
    }
    if (c == 0x5c /* \ */ && addPerlClass(reader, charClass)) continue;
    if (reader.failed) return null;
    if (!addRangeOrRune(reader, charClass)) return null;
  }
  reader.pos++;
  if (foldCase) charClass.foldCase();
  if (negated) charClass.negate();
  else charClass.normalize();
  return charClass;
}

/** `[:name:]` or `[:^name:]`; false (cursor unchanged) when there is no closing `:]`. */
function addPosixClass(reader: PatternReader, charClass: CharClass): bool {
  const start = reader.pos;
  const close = reader.pattern.indexOf(":]", start + 2);
  if (close < 0) return false;
  let name = reader.pattern.substring(start + 2, close);
  const negated = name.startsWith("^");
  if (negated) name = name.substring(1);
  reader.pos = close + 2;
  const named = posixClass(name);
  if (named === null) {
    reader.fail(RegexErrorCode.InvalidCharRange, start, "invalid character class range \"" + reader.textFrom(start) + "\": unknown POSIX class");
    return false;
  }
  if (negated) charClass.addNegatedClass(named);
  else charClass.addClass(named);
  return true;
}

/** `\d \D \s \S \w \W` inside brackets; rejects `\p` and `\P`. */
function addPerlClass(reader: PatternReader, charClass: CharClass): bool {
  const letter = reader.peek(1);
  if (letter == 0x70 /* p */ || letter == 0x50 /* P */) {
    reader.failUnicodeClass();
    return false;
  }
  if (letter < 0) return false;
  const named = perlClass(<u32>letter);
  if (named === null) return false;
  reader.pos += 2;
  charClass.addClass(named);
  return true;
}

function addRangeOrRune(reader: PatternReader, charClass: CharClass): bool {
  const start = reader.pos;
  const lo = readClassRune(reader);
  if (lo < 0) return false;
  if (reader.peek() == 0x2d /* - */ && reader.peek(1) != 0x5d /* ] */ && reader.peek(1) >= 0) {
    reader.pos++;
    const hi = readClassRune(reader);
    if (hi < 0) return false;
    if (hi < lo) {
      reader.fail(RegexErrorCode.InvalidCharRange, start, "invalid character class range \"" + reader.textFrom(start) + "\": the end is below the start");
      return false;
    }
    charClass.addRange(<u32>lo, <u32>hi);
    return true;
  }
  charClass.addRune(<u32>lo);
  return true;
}

/** One class member: a literal code point or a single-rune escape; -1 after an error. */
function readClassRune(reader: PatternReader): i32 {
  if (reader.peek() != 0x5c /* \ */) return <i32>reader.readRune();
  const start = reader.pos;
  reader.pos++;
  return reader.readEscapedRune(start);
}
