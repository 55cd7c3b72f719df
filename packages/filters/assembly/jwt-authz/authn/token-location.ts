// Where a provider looks for its token: request headers with a prefix
// (`Authorization: Bearer <token>`), or query parameters (`?access_token=`).

import { NO_SERIALIZED_VALUE, firstSerializedValueSpan, lowerAscii, regionEqualsFolded } from "@envoyscript/sdk/assembly/matcher";
import { IncomingHeaders } from "../incoming-headers";

/** Longest header value or query string looked at; bounds the work of hostile input. */
const MAX_SCANNED_LENGTH: i32 = 65536;

/** spanIn: the header is absent or holds no token (what `extract` answers with null). */
export const NO_TOKEN_SPAN: i64 = -1;
/** spanIn: only the decoded value can say (spaces to trim, a non-ASCII prefix, a value too long to scan). */
export const UNDECIDED_SPAN: i64 = -2;

export class TokenLocation {
  /** `prefix` with its ASCII letters in lower case, once: compared per request without allocating. */
  private readonly lowerPrefix: string;
  private readonly asciiPrefix: bool;

  constructor(
    /** Header name (lower-case), or the query parameter's name. */
    public readonly name: string,
    /** Text before the token in a header ("Bearer "); ASCII letters compared in either case. */
    public readonly prefix: string,
    public readonly isHeader: bool,
  ) {
    this.lowerPrefix = lowerAscii(prefix);
    this.asciiPrefix = isAscii(prefix);
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

  /**
   * Where `extract` would find the token in `map` (the request's serialized
   * headers), without decoding it: its span as firstSerializedValueSpan
   * gives it, NO_TOKEN_SPAN, or UNDECIDED_SPAN when only `extract` can say.
   * Same answer as `extract` for the usual `Bearer <token>`: an ASCII
   * prefix, compared byte by byte, and a token without spaces around it.
   */
  spanIn(map: ArrayBuffer): i64 {
    if (!this.isHeader || !this.asciiPrefix) return UNDECIDED_SPAN;
    const span = firstSerializedValueSpan(map, this.name);
    if (span == NO_SERIALIZED_VALUE) return NO_TOKEN_SPAN;
    const length = <i32>(span & 0xffffffff);
    const prefix = this.lowerPrefix;
    // Fewer bytes than the prefix's characters: fewer characters too, so extract finds nothing either.
    if (length < prefix.length) return NO_TOKEN_SPAN;
    if (length > MAX_SCANNED_LENGTH || length == prefix.length) return UNDECIDED_SPAN;
    const start = changetype<usize>(map) + <usize>(span >>> 32);
    for (let i = 0; i < prefix.length; i++) {
      let byte = <i32>load<u8>(start + <usize>i);
      if (byte >= 0x41 && byte <= 0x5a) byte += 0x20;
      if (byte != prefix.charCodeAt(i)) return NO_TOKEN_SPAN;
    }
    const first = <i32>load<u8>(start + <usize>prefix.length);
    const last = <i32>load<u8>(start + <usize>(length - 1));
    if (!isTokenEdge(first) || !isTokenEdge(last)) return UNDECIDED_SPAN;
    return span + (<i64>prefix.length << 32) - <i64>prefix.length;
  }

  /** From the header's first value, as Envoy's jwt_authn reads a repeated header. */
  private fromHeader(headers: IncomingHeaders): string | null {
    const value = headers.first(this.name);
    const prefix = this.lowerPrefix;
    if (value === null || value.length < prefix.length) return null;
    if (!regionEqualsFolded(value, 0, prefix)) return null;
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

function isAscii(text: string): bool {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
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
