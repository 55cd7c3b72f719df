import { CelCompileError } from "./errors.ts";

export type TokenKind = "int" | "double" | "string" | "ident" | "punct" | "end";

export interface Token {
  readonly kind: TokenKind;
  /** Identifier name, punctuation text, or the decoded literal. */
  readonly text: string;
  readonly value?: bigint | number | string;
  readonly at: number;
}

// Longest first, so "<=" wins over "<".
const PUNCTUATION = ["&&", "||", "==", "!=", "<=", ">=", "<", ">", "!", "+", "-", "*", "/", "%", "?", ":", ".", ",", "(", ")", "[", "]", "{", "}"];

const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\", '"': '"', "'": "'", "`": "`", "?": "?", n: "\n", r: "\r", t: "\t", a: "\x07", b: "\b", f: "\f", v: "\v",
};

/** Splits a CEL expression into tokens; anything outside the supported lexical grammar is a compile error. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
    } else if (source.startsWith("//", i)) {
      while (i < source.length && source[i] !== "\n") i++;
    } else if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(source[i + 1] ?? ""))) {
      i = readNumber(source, i, tokens);
    } else if (/[A-Za-z_]/.test(c)) {
      i = readIdentOrString(source, i, tokens);
    } else if (c === '"' || c === "'") {
      i = readString(source, i, i, false, tokens);
    } else {
      const punct = PUNCTUATION.find((p) => source.startsWith(p, i));
      if (!punct) throw new CelCompileError(`unexpected character ${JSON.stringify(c)}`, source, i);
      tokens.push({ kind: "punct", text: punct, at: i });
      i += punct.length;
    }
  }
  tokens.push({ kind: "end", text: "", at: source.length });
  return tokens;
}

function readNumber(source: string, start: number, tokens: Token[]): number {
  const hex = /^0[xX][0-9a-fA-F]+/.exec(source.slice(start));
  const match = hex ?? /^(?:[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)/.exec(source.slice(start));
  if (!match) throw new CelCompileError("malformed number", source, start);
  const text = match[0];
  const end = start + text.length;
  if (/[uU]/.test(source[end] ?? "")) throw new CelCompileError("unsigned integer literals are not supported", source, start);
  if (/[A-Za-z_]/.test(source[end] ?? "")) throw new CelCompileError("malformed number", source, start);
  const isDouble = !hex && /[.eE]/.test(text);
  tokens.push(isDouble ? { kind: "double", text, value: Number(text), at: start } : { kind: "int", text, value: BigInt(text), at: start });
  return end;
}

function readIdentOrString(source: string, start: number, tokens: Token[]): number {
  const prefix = /^[rRbB]{1,2}(?=["'])/.exec(source.slice(start));
  if (prefix) {
    if (/[bB]/.test(prefix[0])) throw new CelCompileError("bytes literals are not supported", source, start);
    return readString(source, start + prefix[0].length, start, true, tokens);
  }
  const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(start))![0];
  tokens.push({ kind: "ident", text: ident, at: start });
  return start + ident.length;
}

function readString(source: string, quoteAt: number, tokenAt: number, raw: boolean, tokens: Token[]): number {
  const quote = source[quoteAt];
  if (source.startsWith(quote.repeat(3), quoteAt)) throw new CelCompileError("triple-quoted strings are not supported", source, quoteAt);
  let value = "";
  let i = quoteAt + 1;
  while (true) {
    const c = source[i];
    if (c === undefined || c === "\n") throw new CelCompileError("unterminated string literal", source, tokenAt);
    if (c === quote) break;
    if (c === "\\" && !raw) {
      const [decoded, next] = readEscape(source, i);
      value += decoded;
      i = next;
    } else {
      value += c;
      i++;
    }
  }
  tokens.push({ kind: "string", text: source.slice(tokenAt, i + 1), value, at: tokenAt });
  return i + 1;
}

function readEscape(source: string, at: number): [string, number] {
  const c = source[at + 1] ?? "";
  if (c in SIMPLE_ESCAPES) return [SIMPLE_ESCAPES[c], at + 2];
  const forms: [RegExp, number][] = [[/^x[0-9a-fA-F]{2}/, 16], [/^u[0-9a-fA-F]{4}/, 16], [/^U[0-9a-fA-F]{8}/, 16], [/^[0-3][0-7]{2}/, 8]];
  for (const [pattern, radix] of forms) {
    const match = pattern.exec(source.slice(at + 1));
    if (match) {
      const digits = radix === 8 ? match[0] : match[0].slice(1);
      return [String.fromCodePoint(parseInt(digits, radix)), at + 1 + match[0].length];
    }
  }
  throw new CelCompileError(`unknown escape sequence "\\${c}"`, source, at);
}
