// One request as the matcher sees it. Everything is read lazily and kept for
// the rest of the request: each header is asked of the source on the first
// condition that needs it (the names come from the configuration, so the
// cache stays as small as the rules), the path is split from its query once,
// and the query string and cookies are split at most once, only when a
// condition asks for a parameter or a cookie. Create one view per request.

import { HeaderSource } from "./header-source";
import { KeyValueSpans, splitCookies, splitQuery } from "./key-value-spans";

/** The parts of a request a condition can test, cheapest first. */
export enum RequestPart {
  Method = 0,
  Authority = 1,
  Scheme = 2,
  Path = 3,
  Header = 4,
  Query = 5,
  Cookie = 6,
}

/** Headers a view remembers before its block grows: more than a request's rules usually read. */
const KNOWN_PAIRS = 8;

export class RequestView {
  // Headers read so far, name then value (null when absent), in one block:
  // a view is made per request, and one allocation is cheaper than the four
  // of two arrays.
  private known: StaticArray<string | null> = new StaticArray<string | null>(KNOWN_PAIRS * 2);
  private knownCount: i32 = 0;
  private pathSplit: bool = false;
  private pathOnly: string | null = null;
  private queryString: string | null = null;
  private querySpans: KeyValueSpans | null = null;
  private cookieSpans: KeyValueSpans | null = null;

  constructor(private readonly source: HeaderSource) {}

  /**
   * Value of header `lowerName` (lower-case), or null when absent. Repeated
   * headers are joined with "," as Envoy's header matchers see them.
   */
  header(lowerName: string): string | null {
    const known = this.known;
    const count = this.knownCount;
    for (let i = 0; i < count; i++) {
      if (unchecked(known[i * 2]) == lowerName) return unchecked(known[i * 2 + 1]);
    }
    const value = this.source.values(lowerName, ",");
    this.remember(lowerName, value);
    return value;
  }

  private remember(lowerName: string, value: string | null): void {
    let known = this.known;
    const count = this.knownCount;
    if (count * 2 == known.length) {
      const larger = new StaticArray<string | null>(known.length * 2);
      for (let i = 0; i < known.length; i++) unchecked((larger[i] = known[i]));
      known = larger;
      this.known = known;
    }
    unchecked((known[count * 2] = lowerName));
    unchecked((known[count * 2 + 1] = value));
    this.knownCount = count + 1;
  }

  /** `:method`. */
  method(): string | null {
    return this.header(":method");
  }

  /** `:authority` (HTTP/1 `host`, which Envoy presents as `:authority`). */
  authority(): string | null {
    return this.header(":authority");
  }

  /** `:scheme`. */
  scheme(): string | null {
    return this.header(":scheme");
  }

  /** `:path` as received: path and query, not percent-decoded. */
  rawPath(): string | null {
    return this.header(":path");
  }

  /** The path without query string or fragment, as Envoy's route matching sees it. */
  path(): string | null {
    this.splitPath();
    return this.pathOnly;
  }

  /** The query string (after `?`, before `#`), or null when the path has none. */
  query(): string | null {
    this.splitPath();
    return this.queryString;
  }

  /** First value of query parameter `name` (not percent-decoded), or null. */
  queryParam(name: string): string | null {
    let spans = this.querySpans;
    if (spans === null) {
      const query = this.query();
      spans = splitQuery(query === null ? "" : query);
      this.querySpans = spans;
    }
    return spans.first(name);
  }

  /** Value of the first cookie named `name` across all `cookie` headers, or null. */
  cookie(name: string): string | null {
    let spans = this.cookieSpans;
    if (spans === null) {
      // HTTP/2 may split cookies over several headers; joined with "; " they parse as one.
      const joined = this.source.values("cookie", "; ");
      spans = splitCookies(joined === null ? "" : joined);
      this.cookieSpans = spans;
    }
    return spans.first(name);
  }

  /** The value a condition on `part` (with `key` for headers, parameters, cookies) tests. */
  value(part: RequestPart, key: string): string | null {
    switch (part) {
      case RequestPart.Method: return this.method();
      case RequestPart.Authority: return this.authority();
      case RequestPart.Scheme: return this.scheme();
      case RequestPart.Path: return this.path();
      case RequestPart.Header: return this.header(key);
      case RequestPart.Query: return this.queryParam(key);
      default: return this.cookie(key);
    }
  }

  /** Forgets everything read so far (call after changing the request headers). */
  invalidate(): void {
    this.knownCount = 0;
    this.source.forget();
    this.pathSplit = false;
    this.pathOnly = null;
    this.queryString = null;
    this.querySpans = null;
    this.cookieSpans = null;
  }

  private splitPath(): void {
    if (this.pathSplit) return;
    this.pathSplit = true;
    const raw = this.rawPath();
    if (raw === null) return;
    let end = raw.indexOf("#");
    if (end < 0) end = raw.length;
    const question = raw.indexOf("?");
    if (question >= 0 && question < end) {
      this.pathOnly = raw.substring(0, question);
      this.queryString = raw.substring(question + 1, end);
    } else {
      this.pathOnly = end == raw.length ? raw : raw.substring(0, end);
    }
  }
}
