// Where a provider looks for its token: request headers with a prefix
// (`Authorization: Bearer <token>`), or query parameters (`?access_token=`).

import { IncomingHeaders } from "../incoming-headers";

/** Longest header value or query string looked at; bounds the work of hostile input. */
const MAX_SCANNED_LENGTH: i32 = 65536;

export class TokenLocation {
  /** `prefix` with its ASCII letters in lower case, once: compared per request without allocating. */
  private readonly lowerPrefix: string;

  constructor(
    /** Header name (lower-case), or the query parameter's name. */
    public readonly name: string,
    /** Text before the token in a header ("Bearer "); compared case-insensitively. */
    public readonly prefix: string,
    public readonly isHeader: bool,
  ) {
    this.lowerPrefix = asciiLowerCase(prefix);
  }

  /** A stable description for logs and to compare locations ("header authorization", "param access_token"). */
  get description(): string {
    return (this.isHeader ? "header " : "param ") + this.name;
  }

  /** The token at this location of the current request (its `headers`, its `query`), or null. */
  extract(headers: IncomingHeaders, query: string | null): string | null {
    if (this.isHeader) return this.fromHeader(headers);
    return query === null ? null : queryParameter(query, this.name);
  }

  /** From the header's first value, as Envoy's jwt_authn reads a repeated header. */
  private fromHeader(headers: IncomingHeaders): string | null {
    const value = headers.first(this.name);
    const prefix = this.lowerPrefix;
    if (value === null || value.length < prefix.length) return null;
    if (!startsWithIgnoringAsciiCase(value, prefix)) return null;
    // Too long to trim: handed on whole, so that it is refused as too large
    // (401), as jwt_authn refuses it, and never taken for no token.
    if (value.length > MAX_SCANNED_LENGTH) return value;
    // The usual token has no space around it: one copy instead of two.
    const last = value.length - 1;
    if (last >= prefix.length && isTokenEdge(value.charCodeAt(prefix.length)) && isTokenEdge(value.charCodeAt(last))) return value.substring(prefix.length);
    const token = value.substring(prefix.length).trim();
    return token.length == 0 ? null : token;
  }
}

/**
 * `text` begins with `lowerPrefix`, ASCII letters compared in either case:
 * jwt_authn's `absl::StartsWithIgnoreCase`, which folds ASCII only.
 */
function startsWithIgnoringAsciiCase(text: string, lowerPrefix: string): bool {
  for (let i = 0; i < lowerPrefix.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0x41 && code <= 0x5a) code += 0x20;
    if (code != lowerPrefix.charCodeAt(i)) return false;
  }
  return true;
}

function asciiLowerCase(text: string): string {
  const units = new Array<i32>(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    units[i] = code >= 0x41 && code <= 0x5a ? code + 0x20 : code;
  }
  return String.fromCharCodes(units);
}

/** A visible ASCII character: nothing `trim` would remove. */
// @ts-ignore: decorator
@inline function isTokenEdge(code: i32): bool {
  return code > 0x20 && code < 0x7f;
}

/** The default locations of Istio and jwt_authn: `Authorization: Bearer` and `?access_token=`. */
export function defaultLocations(): TokenLocation[] {
  return [new TokenLocation("authorization", "Bearer ", true), new TokenLocation("access_token", "", false)];
}

/** The query string of the request's `:path` (after "?", before "#"), or null. */
export function requestQuery(headers: IncomingHeaders): string | null {
  const path = headers.first(":path");
  if (path === null) return null;
  const mark = path.indexOf("?");
  if (mark < 0) return null;
  const hash = path.indexOf("#", mark);
  return hash < 0 ? path.substring(mark + 1) : path.substring(mark + 1, hash);
}

/** The first value of parameter `name` in `query`, percent-decoded; null when absent or empty. */
export function queryParameter(query: string, name: string): string | null {
  if (query.length > MAX_SCANNED_LENGTH) return null;
  let start = 0;
  while (start <= query.length) {
    let end = query.indexOf("&", start);
    if (end < 0) end = query.length;
    const equals = query.indexOf("=", start);
    if (equals > start && equals < end && query.substring(start, equals) == name) {
      const value = percentDecode(query.substring(equals + 1, end));
      return value === null || value.length == 0 ? null : value;
    }
    start = end + 1;
  }
  return null;
}

/** `%XX` escapes decoded (ASCII only: tokens are ASCII); null for a broken escape. */
function percentDecode(text: string): string | null {
  if (text.indexOf("%") < 0) return text;
  const units = new Array<i32>();
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code != 0x25) {
      units.push(code);
      continue;
    }
    if (i + 2 >= text.length) return null;
    const high = hexValue(text.charCodeAt(i + 1));
    const low = hexValue(text.charCodeAt(i + 2));
    if (high < 0 || low < 0) return null;
    units.push((high << 4) | low);
    i += 2;
  }
  return String.fromCharCodes(units);
}

function hexValue(code: i32): i32 {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x61 && code <= 0x66) return code - 0x61 + 10;
  if (code >= 0x41 && code <= 0x46) return code - 0x41 + 10;
  return -1;
}
