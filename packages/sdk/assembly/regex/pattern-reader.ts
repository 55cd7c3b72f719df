// Cursor over the pattern text plus the first error met while reading it.
// Positions are offsets in UTF-16 code units (equal to character offsets
// for ASCII patterns). Reading never traps: every malformed input becomes
// an error recorded here, and the caller unwinds by returning null.

import { RegexErrorCode } from "./errors";

export class PatternReader {
  pattern: string;
  pos: i32 = 0;
  errorCode: RegexErrorCode = RegexErrorCode.None;
  errorPosition: i32 = -1;
  errorDetail: string = "";

  constructor(pattern: string) {
    this.pattern = pattern;
  }

  get failed(): bool {
    return this.errorCode != RegexErrorCode.None;
  }

  get atEnd(): bool {
    return this.pos >= this.pattern.length;
  }

  /** The code unit `offset` past the cursor, or -1 past the end. */
  peek(offset: i32 = 0): i32 {
    const index = this.pos + offset;
    return index < this.pattern.length ? <i32>this.pattern.charCodeAt(index) : -1;
  }

  lookingAt(text: string): bool {
    return this.pattern.startsWith(text, this.pos);
  }

  /** Records the first error only; later ones are consequences of it. */
  fail(code: RegexErrorCode, position: i32, detail: string): void {
    if (this.failed) return;
    this.errorCode = code;
    this.errorPosition = position;
    this.errorDetail = detail;
  }

  /** Forgets an error so that a clearer one, seen from further up, can replace it. */
  clearError(): void {
    this.errorCode = RegexErrorCode.None;
    this.errorPosition = -1;
    this.errorDetail = "";
  }

  /** Refuses `\pN`, `\p{Name}`, `\PN`, `\P{Name}` under the cursor (at the backslash). */
  failUnicodeClass(): void {
    const start = this.pos;
    this.pos += 2;
    if (this.peek() == 0x7b /* { */) {
      const close = this.pattern.indexOf("}", this.pos);
      this.pos = close < 0 ? this.pattern.length : close + 1;
    } else if (!this.atEnd) {
      this.readRune();
    }
    this.fail(
      RegexErrorCode.UnsupportedSyntax, start,
      "Unicode class \"" + this.textFrom(start) + "\" is not supported by this engine (it has no Unicode tables); use explicit ranges such as [\\x{370}-\\x{3FF}]",
    );
  }

  /** The pattern text from `start` to the cursor, for error messages. */
  textFrom(start: i32): string {
    return this.pattern.substring(start, this.pos);
  }

  /** Consumes one code point (joining a surrogate pair; a lone surrogate reads as U+FFFD). */
  readRune(): u32 {
    const unit = <u32>this.pattern.charCodeAt(this.pos++);
    if (unit < 0xd800 || unit > 0xdfff) return unit;
    if (unit < 0xdc00 && this.pos < this.pattern.length) {
      const low = <u32>this.pattern.charCodeAt(this.pos);
      if (low >= 0xdc00 && low <= 0xdfff) {
        this.pos++;
        return 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
      }
    }
    return 0xfffd;
  }

  /**
   * Reads an escape that stands for one code point; the cursor is just past
   * the backslash at `start`. Returns the code point, or -1 after recording
   * an error.
   */
  readEscapedRune(start: i32): i32 {
    if (this.atEnd) {
      this.fail(RegexErrorCode.TrailingBackslash, start, "trailing backslash at end of expression");
      return -1;
    }
    const c = this.peek();
    if (c >= 0x30 && c <= 0x39) return this.readOctalEscape(start);
    this.pos++;
    switch (c) {
      case 0x61 /* a */: return 0x07;
      case 0x66 /* f */: return 0x0c;
      case 0x74 /* t */: return 0x09;
      case 0x6e /* n */: return 0x0a;
      case 0x72 /* r */: return 0x0d;
      case 0x76 /* v */: return 0x0b;
      case 0x78 /* x */: return this.readHexEscape(start);
    }
    if (c < 0x80 && !isAsciiAlnum(c)) return c;
    this.pos--;
    const rune = this.readRune();
    this.failEscape(start, rune);
    return -1;
  }

  private failEscape(start: i32, letter: u32): void {
    const text = this.textFrom(start);
    if (letter == 0x43 /* C */) {
      this.fail(RegexErrorCode.UnsupportedSyntax, start, "\\C (any single byte) is not supported: this engine matches whole code points");
    } else if (letter == 0x6b /* k */ || letter == 0x67 /* g */) {
      this.fail(RegexErrorCode.UnsupportedBackreference, start, "backreference escape \"" + text + "\" is not supported");
    } else {
      this.fail(RegexErrorCode.InvalidEscape, start, "invalid escape sequence \"" + text + "\"");
    }
  }

  /** `\0`, `\012`, `\12` are octal; a lone `\1`..`\9` would be a backreference. */
  private readOctalEscape(start: i32): i32 {
    const first = this.peek();
    const second = this.peek(1);
    if (first != 0x30 && (first > 0x37 || second < 0x30 || second > 0x37)) {
      this.pos++;
      this.fail(RegexErrorCode.UnsupportedBackreference, start, "backreference \"" + this.textFrom(start) + "\" is not supported");
      return -1;
    }
    let value = 0;
    for (let digits = 0; digits < 3; digits++) {
      const c = this.peek();
      if (c < 0x30 || c > 0x37) break;
      value = value * 8 + (c - 0x30);
      this.pos++;
    }
    return value;
  }

  /** `\xHH` with exactly two hex digits, or `\x{H...}` up to 10FFFF. */
  private readHexEscape(start: i32): i32 {
    if (this.peek() != 0x7b /* { */) {
      const high = hexValue(this.peek());
      const low = hexValue(this.peek(1));
      if (high < 0 || low < 0) return this.failHex(start);
      this.pos += 2;
      return (high << 4) | low;
    }
    this.pos++;
    let value = 0;
    let digits = 0;
    while (!this.atEnd && this.peek() != 0x7d /* } */) {
      const digit = hexValue(this.peek());
      if (digit < 0) return this.failHex(start);
      value = value * 16 + digit;
      if (value > 0x10ffff) return this.failHex(start);
      digits++;
      this.pos++;
    }
    if (this.atEnd || digits == 0) return this.failHex(start);
    this.pos++;
    return value;
  }

  private failHex(start: i32): i32 {
    if (!this.atEnd) this.pos++;
    this.fail(RegexErrorCode.InvalidEscape, start, "invalid escape sequence \"" + this.textFrom(start) + "\": expected \\xHH or \\x{H...} up to 10FFFF");
    return -1;
  }
}

export function isAsciiAlnum(c: i32): bool {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function hexValue(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}
