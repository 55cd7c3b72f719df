// Where a RequestView reads request headers from. The view asks for one name
// at a time, lazily, and keeps each answer for the rest of the request.
// Filters use HostRequestHeaders (host-request-headers.ts); tests and callers
// that already hold the headers use PairsHeaderSource or
// SerializedHeaderSource.

import { HeaderPair } from "../header-pairs";
import { regionEqualsFolded } from "../text/ascii-case";
import { joinSerializedValues } from "./serialized-headers";

/** A request's headers, pseudo-headers (`:path`, `:method`, ...) included. */
export abstract class HeaderSource {
  /**
   * Values of every header named `lowerName` (lower-case; names compare
   * ASCII case-insensitively), in order, joined by `separator`; null when
   * there is none.
   */
  abstract values(lowerName: string, separator: string): string | null;

  /** Drops anything read so far (the headers changed). */
  forget(): void {}
}

/** Headers the caller already holds as decoded pairs. */
export class PairsHeaderSource extends HeaderSource {
  constructor(private readonly headerPairs: HeaderPair[]) {
    super();
  }

  values(lowerName: string, separator: string): string | null {
    return joinValues(this.headerPairs, lowerName, separator);
  }
}

/** Headers the caller holds in the ABI's serialized form (what `proxy_get_header_map_pairs` returns). */
export class SerializedHeaderSource extends HeaderSource {
  constructor(private readonly map: ArrayBuffer) {
    super();
  }

  values(lowerName: string, separator: string): string | null {
    return joinSerializedValues(this.map, lowerName, separator);
  }
}

/** Values of every pair named `lowerName`, joined by `separator` in one copy; null when none. */
function joinValues(pairs: HeaderPair[], lowerName: string, separator: string): string | null {
  let first: string | null = null;
  let more: string[] | null = null;
  for (let i = 0; i < pairs.length; i++) {
    const pair = unchecked(pairs[i]);
    if (pair.name.length != lowerName.length || !regionEqualsFolded(pair.name, 0, lowerName)) continue;
    if (first === null) {
      first = pair.value;
    } else {
      if (more === null) more = [first];
      more.push(pair.value);
    }
  }
  return more === null ? first : more.join(separator);
}
