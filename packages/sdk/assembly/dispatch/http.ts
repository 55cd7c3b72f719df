// The `proxy_on_*` callbacks of HTTP filters. A context id the SDK does not
// know (its root built no HTTP context) lets the stream continue.

import { FilterDataStatus, FilterHeadersStatus, FilterTrailersStatus } from "../enums";
import { enterCallback, leaveCallbackWith } from "./callback-scope";
import { findHttpContext } from "./registry";

/** Host callback: request headers arrived. */
export function proxy_on_request_headers(contextId: u32, headerCount: u32, endOfStream: bool): FilterHeadersStatus {
  enterCallback(contextId);
  const context = findHttpContext(contextId);
  return leaveCallbackWith(context === null ? FilterHeadersStatus.Continue : context.onRequestHeaders(headerCount, endOfStream));
}

/** Host callback: a request body chunk arrived. */
export function proxy_on_request_body(contextId: u32, bodySize: u32, endOfStream: bool): FilterDataStatus {
  enterCallback(contextId);
  const context = findHttpContext(contextId);
  return leaveCallbackWith(context === null ? FilterDataStatus.Continue : context.onRequestBody(bodySize, endOfStream));
}

/** Host callback: request trailers arrived. */
export function proxy_on_request_trailers(contextId: u32, trailerCount: u32): FilterTrailersStatus {
  enterCallback(contextId);
  const context = findHttpContext(contextId);
  return leaveCallbackWith(context === null ? FilterTrailersStatus.Continue : context.onRequestTrailers(trailerCount));
}

/** Host callback: response headers arrived. */
export function proxy_on_response_headers(contextId: u32, headerCount: u32, endOfStream: bool): FilterHeadersStatus {
  enterCallback(contextId);
  const context = findHttpContext(contextId);
  return leaveCallbackWith(context === null ? FilterHeadersStatus.Continue : context.onResponseHeaders(headerCount, endOfStream));
}

/** Host callback: a response body chunk arrived. */
export function proxy_on_response_body(contextId: u32, bodySize: u32, endOfStream: bool): FilterDataStatus {
  enterCallback(contextId);
  const context = findHttpContext(contextId);
  return leaveCallbackWith(context === null ? FilterDataStatus.Continue : context.onResponseBody(bodySize, endOfStream));
}

/** Host callback: response trailers arrived. */
export function proxy_on_response_trailers(contextId: u32, trailerCount: u32): FilterTrailersStatus {
  enterCallback(contextId);
  const context = findHttpContext(contextId);
  return leaveCallbackWith(context === null ? FilterTrailersStatus.Continue : context.onResponseTrailers(trailerCount));
}
