// A `name=value` list (a query string, a cookie header) split once into
// offsets, without copying: lookups compare names in place and copy only the
// value they return. No hash table: names come from the client, and a
// deterministic hash would let a client force collisions; a scan over the
// spans is linear in the input for each configured name.

import { regionEquals } from "../text/ascii-case";

export class KeyValueSpans {
  /** Four offsets per entry: name start, name end, value start, value end. */
  private readonly offsets: Array<i32> = new Array<i32>();

  constructor(private readonly text: string) {}

  get count(): i32 {
    return this.offsets.length >> 2;
  }

  add(nameStart: i32, nameEnd: i32, valueStart: i32, valueEnd: i32): void {
    const offsets = this.offsets;
    offsets.push(nameStart);
    offsets.push(nameEnd);
    offsets.push(valueStart);
    offsets.push(valueEnd);
  }

  /** The value of the first entry named `name` (compared exactly), or null. */
  first(name: string): string | null {
    const offsets = this.offsets;
    const text = this.text;
    for (let i = 0; i < offsets.length; i += 4) {
      if (regionEquals(text, unchecked(offsets[i]), unchecked(offsets[i + 1]), name)) {
        return text.substring(unchecked(offsets[i + 2]), unchecked(offsets[i + 3]));
      }
    }
    return null;
  }
}

/**
 * Splits a query string (the part after `?`, fragment removed) as Envoy's
 * `parseQueryString` does: `&`-separated, name up to the first `=`, value
 * the rest ("" without `=`), empty segments skipped, nothing percent-decoded.
 */
export function splitQuery(query: string): KeyValueSpans {
  const spans = new KeyValueSpans(query);
  const length = query.length;
  let start = 0;
  while (start <= length) {
    let end = query.indexOf("&", start);
    if (end < 0) end = length;
    if (end > start) {
      const equals = indexWithin(query, 0x3d, start, end);
      if (equals >= 0) spans.add(start, equals, equals + 1, end);
      else spans.add(start, end, end, end);
    }
    start = end + 1;
  }
  return spans;
}

/**
 * Splits a cookie header as Envoy's `parseCookieValue` does: `;`-separated,
 * leading spaces trimmed, name up to the first `=` (pairs without `=` are
 * skipped), a value in double quotes unquoted.
 */
export function splitCookies(header: string): KeyValueSpans {
  const spans = new KeyValueSpans(header);
  const length = header.length;
  let start = 0;
  while (start < length) {
    let end = header.indexOf(";", start);
    if (end < 0) end = length;
    let nameStart = start;
    while (nameStart < end && isBlank(header.charCodeAt(nameStart))) nameStart++;
    const equals = indexWithin(header, 0x3d, nameStart, end);
    if (equals >= 0) {
      let valueStart = equals + 1;
      let valueEnd = end;
      if (valueEnd - valueStart >= 2 && header.charCodeAt(valueStart) == 0x22 && header.charCodeAt(valueEnd - 1) == 0x22) {
        valueStart++;
        valueEnd--;
      }
      spans.add(nameStart, equals, valueStart, valueEnd);
    }
    start = end + 1;
  }
  return spans;
}

/**
 * First index of `code` in text[start, end), or -1. Bounded by `end` so that
 * a segment without `=` never scans the rest of the input (which would make
 * splitting quadratic).
 */
function indexWithin(text: string, code: i32, start: i32, end: i32): i32 {
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i) == code) return i;
  }
  return -1;
}

// @ts-ignore: decorator
@inline
function isBlank(code: i32): bool {
  return code == 0x20 || code == 0x09;
}
