// The current stream's request headers. One `proxy_get_header_map_pairs`
// per request, on the first header a condition needs, kept as the host's
// serialized bytes: only the values asked for are decoded (see
// serialized-headers.ts). Not `proxy_get_header_map_value` per name: Envoy
// answers that with the first value only, and the matcher must see repeated
// headers joined with "," as Envoy's own header matchers do. Kept apart from
// the view so modules that match headers they already hold import no hostcall.

import { requestHeaders } from "../headers";
import { HeaderSource } from "./header-source";
import { joinSerializedValues } from "./serialized-headers";
import { RequestView } from "./request-view";

/** Request headers of the current HTTP stream; use in `onRequestHeaders`. */
export class HostRequestHeaders extends HeaderSource {
  private map: ArrayBuffer | null = null;
  private fetched: bool = false;

  values(lowerName: string, separator: string): string | null {
    if (!this.fetched) {
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

/** A view of the current stream's request headers; create one per request in `onRequestHeaders`. */
export function hostRequestView(): RequestView {
  return new RequestView(new HostRequestHeaders());
}
