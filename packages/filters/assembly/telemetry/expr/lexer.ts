// Splits an expression into tokens. Bounded by the text's length; stops at the
// first error (an unterminated string, a stray character).

import { Token, TokenKind } from "./token";
import { ExpressionError, ExpressionErrorCode } from "./expression-error";

export class Lexer {
  private position: i32 = 0;
  error: ExpressionError | null = null;

  constructor(private readonly source: string) {}

  /** All tokens, ending with End; stops early (error set) on a bad character. */
  tokenize(): Token[] {
    const tokens = new Array<Token>();
    // Every token but End consumes at least one character: bounded by the length.
    while (tokens.length == 0 || tokens[tokens.length - 1].kind != TokenKind.End) {
      const token = this.next();
      if (token === null) break;
      tokens.push(token);
    }
    return tokens;
  }

  private next(): Token | null {
    this.skipSpace();
    const start = this.position;
    if (start >= this.source.length) return new Token(TokenKind.End, start, "", 0);
    const code = this.source.charCodeAt(start);
    if (isNameStart(code)) return this.name(start);
    if (isDigit(code)) return this.number(start);
    if (code == 0x22 || code == 0x27) return this.string(start, code);
    return this.operator(start, code);
  }

  private skipSpace(): void {
    while (this.position < this.source.length) {
      const code = this.source.charCodeAt(this.position);
      if (code != 0x20 && code != 0x09 && code != 0x0a && code != 0x0d) return;
      this.position++;
    }
  }

  private name(start: i32): Token {
    let end = start;
    while (end < this.source.length) {
      const code = this.source.charCodeAt(end);
      if (!isNameStart(code) && !isDigit(code) && code != 0x2e) break;
      end++;
    }
    this.position = end;
    return new Token(TokenKind.Name, start, this.source.substring(start, end), 0);
  }

  private number(start: i32): Token {
    let end = start;
    let seenDot = false;
    while (end < this.source.length) {
      const code = this.source.charCodeAt(end);
      if (code == 0x2e && !seenDot) seenDot = true;
      else if (!isDigit(code)) break;
      end++;
    }
    this.position = end;
    const text = this.source.substring(start, end);
    return new Token(TokenKind.Number, start, text, parseFloat(text));
  }

  private string(start: i32, quote: i32): Token | null {
    // Runs between backslashes, joined once: appending a character at a
    // time copies the literal per character.
    const parts = new Array<string>();
    let runStart = start + 1;
    let i = runStart;
    while (i < this.source.length) {
      const code = this.source.charCodeAt(i);
      if (code == quote) {
        parts.push(this.source.substring(runStart, i));
        this.position = i + 1;
        return new Token(TokenKind.String, start, parts.join(""), 0);
      }
      if (code == 0x5c) {
        if (i + 1 >= this.source.length) break;
        parts.push(this.source.substring(runStart, i));
        runStart = i + 1; // the escaped character starts the next run
        i += 2;
        continue;
      }
      i++;
    }
    this.fail(start, "unterminated string literal");
    return null;
  }

  private operator(start: i32, code: i32): Token | null {
    const following = start + 1 < this.source.length ? this.source.charCodeAt(start + 1) : 0;
    const pair = pairKind(code, following);
    if (pair >= 0) return this.operatorToken(<TokenKind>pair, start, 2);
    const single = singleKind(code);
    if (single >= 0) return this.operatorToken(<TokenKind>single, start, 1);
    this.fail(start, "unexpected character \"" + String.fromCharCode(code) + "\"");
    return null;
  }

  private operatorToken(kind: TokenKind, start: i32, length: i32): Token {
    this.position = start + length;
    return new Token(kind, start, this.source.substring(start, start + length), 0);
  }

  private fail(offset: i32, reason: string): void {
    this.error = new ExpressionError(ExpressionErrorCode.SYNTAX, offset, reason);
  }
}

/** The two-character operator `code` `following` forms, or -1. */
function pairKind(code: i32, following: i32): i32 {
  if (following == 0x3d) {
    if (code == 0x3d) return TokenKind.Equal;
    if (code == 0x21) return TokenKind.NotEqual;
    if (code == 0x3c) return TokenKind.LessEqual;
    if (code == 0x3e) return TokenKind.GreaterEqual;
  }
  if (code == 0x26 && following == 0x26) return TokenKind.And;
  if (code == 0x7c && following == 0x7c) return TokenKind.Or;
  return -1;
}

/** The one-character token `code` is, or -1. */
function singleKind(code: i32): i32 {
  switch (code) {
    case 0x28: return TokenKind.LeftParen;
    case 0x29: return TokenKind.RightParen;
    case 0x5b: return TokenKind.LeftBracket;
    case 0x5d: return TokenKind.RightBracket;
    case 0x3c: return TokenKind.Less;
    case 0x3e: return TokenKind.Greater;
    case 0x21: return TokenKind.Not;
    default: return -1;
  }
}

function isNameStart(code: i32): bool {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code == 0x5f;
}

function isDigit(code: i32): bool {
  return code >= 0x30 && code <= 0x39;
}
