// The request's headers as they reached the filter, for what it reads before
// writing its own: the presence of its output headers, the token's header,
// the query in `:path`, the request line policies match and the 401's realm.
// The filter changes none of these before reading them, except by removing a
// client's copy of an output header, which forgets what was read.
// Policies' `request.headers[...]` conditions do not read here: they see the
// live map with the claim headers the filter wrote, as RBAC sees jwt_authn's.
//
// Read one of two ways, chosen at configure time (cost model in
// docs/BENCHMARKS.md: a present header's get ~10,800 instructions, an absent
// one's ~3,000, the whole map as pairs ~12,200):
// - `readsMapOnce`: one `proxy_get_header_map_pairs` on the first read, the
//   values then scanned out of its bytes. For configurations whose requests
//   read several present headers (a token, then the method or path policies
//   match): the benchmark's cache hit adds ~79,500 instructions instead of
//   ~97,400. Its price: a request without a token whose only location is a
//   header, denied before any policy reads the path, reads the map where two
//   absent gets did (~18,200 instead of ~11,800).
// - otherwise one `proxy_get_header_map_value` per name: a request without a
//   token then pays two absent gets and copies nothing.

import { requestHeaders } from "@envoyscript/sdk/assembly";
import { firstSerializedValue } from "@envoyscript/sdk/assembly/matcher";

export class IncomingHeaders {
  private map: ArrayBuffer | null = null;
  private fetched: bool = false;

  constructor(private readonly readsMapOnce: bool) {}

  /**
   * First value of header `lowerName`, or null when absent: what
   * `proxy_get_header_map_value` answers for a repeated header.
   */
  first(lowerName: string): string | null {
    if (!this.readsMapOnce) return requestHeaders.get(lowerName);
    const map = this.serializedMap();
    return map === null ? null : firstSerializedValue(map, lowerName);
  }

  /**
   * The serialized map (read once) when the headers are read that way, for
   * a caller that looks at a value's bytes; null when they are read one get
   * at a time.
   */
  serializedMap(): ArrayBuffer | null {
    if (!this.readsMapOnce) return null;
    if (!this.fetched) {
      this.fetched = true;
      this.map = requestHeaders.getAllSerialized();
    }
    return this.map;
  }

  has(lowerName: string): bool {
    if (!this.readsMapOnce) return requestHeaders.has(lowerName);
    return this.first(lowerName) !== null;
  }

  /** Removes every value of `lowerName` from the request; later reads see the map without it. */
  remove(lowerName: string): void {
    requestHeaders.remove(lowerName);
    this.forget();
  }

  /** Drops what was read (the map is read again on the next read). */
  forget(): void {
    this.fetched = false;
    this.map = null;
  }
}
