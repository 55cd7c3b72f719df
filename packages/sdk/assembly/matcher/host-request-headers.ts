// The current stream's request headers. One `proxy_get_header_map_pairs`
// per request, on the first header a condition needs, kept as the host's
// serialized bytes: only the values asked for are decoded (see
// serialized-headers.ts). Not `proxy_get_header_map_value` per name: Envoy
// answers that with the first value only, and the matcher must see repeated
// headers joined with "," as Envoy's own header matchers do; a lookup by name
// only settles that a header is absent (`onlyHeader`). Kept apart from
// the view so modules that match headers they already hold import no hostcall.

import { requestHeaders } from "../headers";
import { HeaderSource } from "./header-source";
import { joinSerializedValues } from "./serialized-headers";
import { RequestView } from "./request-view";

/** Request headers of the current HTTP stream; use in `onRequestHeaders`. */
export class HostRequestHeaders extends HeaderSource {
  private map: ArrayBuffer | null = null;
  private fetched: bool = false;

  /** See {@link hostRequestView}'s `onlyHeader`. */
  constructor(private readonly onlyHeader: string | null = null) {
    super();
  }

  values(lowerName: string, separator: string): string | null {
    if (!this.fetched) {
      // An absent header has no values to join: one lookup that copies
      // nothing (Envoy calls no allocator for NOT_FOUND) instead of the map.
      const only = this.onlyHeader;
      if (only !== null && only == lowerName && !requestHeaders.has(lowerName)) return null;
      this.fetched = true;
      this.map = requestHeaders.getAllSerialized();
    }
    const map = this.map;
    return map === null ? null : joinSerializedValues(map, lowerName, separator);
  }

  forget(): void {
    this.fetched = false;
    this.map = null;
  }
}

/**
 * A view of the current stream's request headers; create one per request in
 * `onRequestHeaders`. `onlyHeader`: when the caller's conditions read this
 * one header and no other (`RequestMatch.collectHeaderNames`), typically a
 * tag such as `x-chaos-test` that most requests lack: its absence then costs
 * one `proxy_get_header_map_value` and no copy, where reading every header
 * costs a `proxy_get_header_map_pairs` and a copy of the map. A present one
 * costs both crossings, since repeated values must be joined.
 */
export function hostRequestView(onlyHeader: string | null = null): RequestView {
  return new RequestView(new HostRequestHeaders(onlyHeader));
}
