// A JSON parser for configurations that never traps on hostile input: it
// validates UTF-8 first, bounds every read, limits size and nesting depth,
// and refuses numbers a double cannot hold. Errors name the path of the
// field being read and the line and column where the text goes wrong.

import { JsonValue } from "./value";
import { ConfigError, ConfigErrorCode } from "../config/error";
import { itemPath, memberPath } from "../config/path";
import { findInvalidUtf8 } from "./utf8";

/** Nesting deeper than this is refused (E_JSON_DEPTH). */
export const JSON_MAX_DEPTH: i32 = 64;
/** Documents larger than this are refused (E_JSON_TOO_LARGE). */
export const JSON_MAX_BYTES: i32 = 4 * 1024 * 1024;

/** Either a value or the reason there is none. */
export class JsonParseResult {
  constructor(public readonly value: JsonValue | null, public readonly error: ConfigError | null) {}

  get ok(): bool {
    return this.error === null;
  }
}

/** Parses UTF-8 JSON bytes. Never traps. */
export function parseJsonBytes(bytes: ArrayBuffer, maxDepth: i32 = JSON_MAX_DEPTH): JsonParseResult {
  const length = bytes.byteLength;
  if (length > JSON_MAX_BYTES) {
    return failure(ConfigErrorCode.TOO_LARGE, "", "document is " + length.toString() + " bytes, more than " + JSON_MAX_BYTES.toString());
  }
  const invalid = findInvalidUtf8(changetype<usize>(bytes), length);
  if (invalid >= 0) return failure(ConfigErrorCode.UTF8, "", "invalid UTF-8 at byte " + invalid.toString());
  const parser = new Parser(bytes, maxDepth);
  const value = parser.parseDocument();
  if (value === null) return new JsonParseResult(null, parser.error);
  return new JsonParseResult(value, null);
}

/** Parses JSON text. Never traps. */
export function parseJson(text: string, maxDepth: i32 = JSON_MAX_DEPTH): JsonParseResult {
  return parseJsonBytes(String.UTF8.encode(text), maxDepth);
}

function failure(code: string, path: string, reason: string): JsonParseResult {
  return new JsonParseResult(null, new ConfigError(code, path, reason));
}

class Parser {
  private readonly base: usize;
  private readonly length: i32;
  private position: i32 = 0;
  private depth: i32 = 0;
  error: ConfigError | null = null;

  constructor(private readonly bytes: ArrayBuffer, private readonly maxDepth: i32) {
    this.base = changetype<usize>(bytes);
    this.length = bytes.byteLength;
  }

  parseDocument(): JsonValue | null {
    this.skipWhitespace();
    const value = this.parseValue("");
    if (value === null) return null;
    this.skipWhitespace();
    if (this.position < this.length) return this.fail("", "unexpected " + this.describeHere() + " after the document");
    return value;
  }

  private parseValue(path: string): JsonValue | null {
    if (this.position >= this.length) return this.failHere(path, "unexpected end of input, expected a value");
    const byte = this.peek();
    if (byte == 0x7b) return this.parseObject(path);
    if (byte == 0x5b) return this.parseArray(path);
    if (byte == 0x22) {
      const text = this.parseString(path);
      return text === null ? null : JsonValue.fromString(text);
    }
    if (byte == 0x2d || (byte >= 0x30 && byte <= 0x39)) return this.parseNumber(path);
    if (this.matchWord("true")) return JsonValue.fromBool(true);
    if (this.matchWord("false")) return JsonValue.fromBool(false);
    if (this.matchWord("null")) return JsonValue.makeNull();
    return this.fail(path, "unexpected " + this.describeHere() + ", expected a value");
  }

  private parseObject(path: string): JsonValue | null {
    if (!this.enter(path)) return null;
    this.position++; // {
    const object = JsonValue.newObject();
    this.skipWhitespace();
    if (this.consume(0x7d)) return this.leave(object);
    while (true) {
      this.skipWhitespace();
      if (this.position >= this.length || this.peek() != 0x22) return this.fail(path, "unexpected " + this.describeHere() + ", expected a member name");
      const key = this.parseString(path);
      if (key === null) return null;
      this.skipWhitespace();
      if (!this.consume(0x3a)) return this.fail(path, "unexpected " + this.describeHere() + ", expected ':' after \"" + clip(key) + "\"");
      this.skipWhitespace();
      const value = this.parseValue(memberPath(path, key));
      if (value === null) return null;
      object.set(key, value);
      this.skipWhitespace();
      if (this.consume(0x2c)) continue;
      if (this.consume(0x7d)) return this.leave(object);
      return this.fail(path, "unexpected " + this.describeHere() + ", expected ',' or '}'");
    }
  }

  private parseArray(path: string): JsonValue | null {
    if (!this.enter(path)) return null;
    this.position++; // [
    const array = JsonValue.newArray();
    this.skipWhitespace();
    if (this.consume(0x5d)) return this.leave(array);
    while (true) {
      this.skipWhitespace();
      const value = this.parseValue(itemPath(path, array.length));
      if (value === null) return null;
      array.push(value);
      this.skipWhitespace();
      if (this.consume(0x2c)) continue;
      if (this.consume(0x5d)) return this.leave(array);
      return this.fail(path, "unexpected " + this.describeHere() + ", expected ',' or ']'");
    }
  }

  private parseString(path: string): string | null {
    this.position++; // opening quote
    // The runs between escapes and the escapes' values, joined once at the
    // end: appending to one string copies it per escape, quadratic in a
    // hostile string's escapes (a JWT's header is parsed before its
    // signature is checked).
    let parts: string[] | null = null;
    let runStart = this.position;
    while (this.position < this.length) {
      const byte = this.peek();
      if (byte == 0x22) {
        const run = this.slice(runStart, this.position);
        this.position++;
        if (parts === null) return run;
        parts.push(run);
        return parts.join("");
      }
      if (byte < 0x20) return this.failString(path, "control character in a string (escape it)");
      if (byte != 0x5c) {
        this.position++;
        continue;
      }
      if (parts === null) parts = new Array<string>();
      parts.push(this.slice(runStart, this.position));
      this.position++; // backslash
      const escaped = this.parseEscape(path);
      if (escaped === null) return null;
      parts.push(escaped);
      runStart = this.position;
    }
    return this.failString(path, "unterminated string");
  }

  private parseEscape(path: string): string | null {
    if (this.position >= this.length) return this.failString(path, "unterminated escape");
    const byte = this.peek();
    this.position++;
    switch (byte) {
      case 0x22: return "\"";
      case 0x5c: return "\\";
      case 0x2f: return "/";
      case 0x62: return "\b";
      case 0x66: return "\f";
      case 0x6e: return "\n";
      case 0x72: return "\r";
      case 0x74: return "\t";
      case 0x75: return this.parseUnicodeEscape(path);
    }
    return this.failString(path, "invalid escape '\\" + String.fromCharCode(byte) + "'");
  }

  private parseUnicodeEscape(path: string): string | null {
    const unit = this.readHex4();
    if (unit < 0) return this.failString(path, "invalid \\u escape (expected 4 hex digits)");
    // A high surrogate followed by an escaped low surrogate is one code point.
    if (unit >= 0xd800 && unit <= 0xdbff && this.position + 1 < this.length && this.peek() == 0x5c && this.peekAt(1) == 0x75) {
      const saved = this.position;
      this.position += 2;
      const low = this.readHex4();
      if (low >= 0xdc00 && low <= 0xdfff) return String.fromCharCodes([unit, low]);
      this.position = saved;
    }
    return String.fromCharCode(unit);
  }

  private readHex4(): i32 {
    if (this.position + 4 > this.length) return -1;
    let value = 0;
    for (let i = 0; i < 4; i++) {
      const digit = hexValue(this.peekAt(i));
      if (digit < 0) return -1;
      value = (value << 4) | digit;
    }
    this.position += 4;
    return value;
  }

  private parseNumber(path: string): JsonValue | null {
    const start = this.position;
    this.consume(0x2d);
    if (this.consume(0x30)) {
      // A leading zero stands alone.
    } else if (!this.consumeDigits()) {
      return this.failHere(path, "invalid number (expected a digit)");
    }
    if (this.consume(0x2e) && !this.consumeDigits()) return this.failHere(path, "invalid number (expected a digit after '.')");
    if (this.position < this.length && (this.peek() | 0x20) == 0x65) {
      this.position++;
      if (!this.consume(0x2b)) this.consume(0x2d);
      if (!this.consumeDigits()) return this.failHere(path, "invalid number (expected a digit in the exponent)");
    }
    const text = this.slice(start, this.position);
    const value = F64.parseFloat(text);
    if (!isFinite(value)) {
      this.error = new ConfigError(ConfigErrorCode.RANGE, path, "number " + clip(text) + " is too large for a double");
      return null;
    }
    return JsonValue.fromNumber(value);
  }

  private consumeDigits(): bool {
    const start = this.position;
    while (this.position < this.length) {
      const byte = this.peek();
      if (byte < 0x30 || byte > 0x39) break;
      this.position++;
    }
    return this.position > start;
  }

  private enter(path: string): bool {
    if (this.depth >= this.maxDepth) {
      this.error = new ConfigError(ConfigErrorCode.DEPTH, path, "nested deeper than " + this.maxDepth.toString() + " levels");
      return false;
    }
    this.depth++;
    return true;
  }

  private leave(value: JsonValue): JsonValue {
    this.depth--;
    return value;
  }

  private matchWord(word: string): bool {
    const size = word.length;
    if (this.position + size > this.length) return false;
    for (let i = 0; i < size; i++) {
      if (<i32>this.peekAt(i) != word.charCodeAt(i)) return false;
    }
    this.position += size;
    return true;
  }

  private skipWhitespace(): void {
    while (this.position < this.length) {
      const byte = this.peek();
      if (byte != 0x20 && byte != 0x0a && byte != 0x0d && byte != 0x09) return;
      this.position++;
    }
  }

  private consume(byte: u32): bool {
    if (this.position < this.length && this.peek() == byte) {
      this.position++;
      return true;
    }
    return false;
  }

  private peek(): u32 {
    return <u32>load<u8>(this.base + <usize>this.position);
  }

  private peekAt(offset: i32): u32 {
    return <u32>load<u8>(this.base + <usize>(this.position + offset));
  }

  private slice(start: i32, end: i32): string {
    return String.UTF8.decodeUnsafe(this.base + <usize>start, <usize>(end - start));
  }

  private describeHere(): string {
    if (this.position >= this.length) return "end of input at " + this.lineAndColumn();
    const byte = this.peek();
    const shown = byte >= 0x20 && byte < 0x7f ? "'" + String.fromCharCode(byte) + "'" : "byte 0x" + byte.toString(16);
    return shown + " at " + this.lineAndColumn();
  }

  /** `line 3, column 14` of the current position (columns count characters, from 1). */
  private lineAndColumn(): string {
    let line = 1;
    let column = 1;
    const end = min(this.position, this.length);
    for (let i = 0; i < end; i++) {
      const byte = <u32>load<u8>(this.base + <usize>i);
      if (byte == 0x0a) {
        line++;
        column = 1;
      } else if ((byte & 0xc0) != 0x80) {
        column++; // continuation bytes belong to the character before
      }
    }
    return "line " + line.toString() + ", column " + column.toString();
  }

  private fail(path: string, reason: string): JsonValue | null {
    this.error = new ConfigError(ConfigErrorCode.SYNTAX, path, reason);
    return null;
  }

  private failHere(path: string, reason: string): JsonValue | null {
    return this.fail(path, reason + " at " + this.lineAndColumn());
  }

  private failString(path: string, reason: string): string | null {
    this.error = new ConfigError(ConfigErrorCode.SYNTAX, path, reason + " at " + this.lineAndColumn());
    return null;
  }
}

function hexValue(byte: u32): i32 {
  if (byte >= 0x30 && byte <= 0x39) return <i32>(byte - 0x30);
  const lower = byte | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return <i32>(lower - 0x61 + 10);
  return -1;
}

function clip(text: string): string {
  return text.length <= 32 ? text : text.substring(0, 32) + "...";
}
