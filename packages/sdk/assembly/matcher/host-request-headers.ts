// The current stream's request headers, read from the host in one
// `proxy_get_header_map_pairs` call. Kept apart from the view so modules
// that match headers they already hold import no hostcall.

import { HeaderPair } from "../header-pairs";
import { requestHeaders } from "../headers";
import { HeaderSource } from "./header-source";
import { RequestView } from "./request-view";

/** Request headers of the current HTTP stream; use in `onRequestHeaders`. */
export class HostRequestHeaders extends HeaderSource {
  pairs(): HeaderPair[] {
    return requestHeaders.getAll();
  }
}

/** A view of the current stream's request headers; create one per request in `onRequestHeaders`. */
export function hostRequestView(): RequestView {
  return new RequestView(new HostRequestHeaders());
}
