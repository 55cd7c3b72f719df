// The per-request context of an HTTP filter. Override the callbacks you need;
// the others let the stream continue.

import { Context } from "./context";
import { RootContext } from "./root-context";
import { FilterDataStatus, FilterHeadersStatus, FilterTrailersStatus } from "../enums";

/** One HTTP request/response pair going through the filter. */
export class HttpContext extends Context {
  /** The plugin (root context) this request belongs to. A configured filter extends FilterRequest and reads `this.config` instead. */
  constructor(contextId: u32, public readonly root: RootContext) {
    super(contextId);
  }

  /** Request headers arrived (`proxy_on_request_headers`); read them with `requestHeaders`. */
  onRequestHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    return FilterHeadersStatus.Continue;
  }

  /** A request body chunk arrived (`proxy_on_request_body`); `bodySize` is the size buffered so far. */
  onRequestBody(bodySize: u32, endOfStream: bool): FilterDataStatus {
    return FilterDataStatus.Continue;
  }

  /** Request trailers arrived (`proxy_on_request_trailers`). */
  onRequestTrailers(trailerCount: u32): FilterTrailersStatus {
    return FilterTrailersStatus.Continue;
  }

  /** Response headers arrived (`proxy_on_response_headers`); read them with `responseHeaders`. */
  onResponseHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    return FilterHeadersStatus.Continue;
  }

  /** A response body chunk arrived (`proxy_on_response_body`). */
  onResponseBody(bodySize: u32, endOfStream: bool): FilterDataStatus {
    return FilterDataStatus.Continue;
  }

  /** Response trailers arrived (`proxy_on_response_trailers`). */
  onResponseTrailers(trailerCount: u32): FilterTrailersStatus {
    return FilterTrailersStatus.Continue;
  }
}
