// Makes sure a request carries trace context, in onRequestHeaders:
//  - `x-request-id`: Envoy's connection manager normally adds one; when it is
//    missing (generate_request_id off, or another proxy) a UUID v4 is added.
//  - B3 (`x-b3-traceid`, `x-b3-spanid`, `x-b3-sampled`) and/or W3C
//    `traceparent`: when the request has none of the format's headers (B3
//    also accepts the single `b3` header), a new trace is started with a
//    random 128-bit trace id, a 64-bit span id and a sampling decision drawn
//    from the configured percentage. Headers that arrived are never touched.

import { randomBytes, requestHeaders } from "@envoyscript/sdk/assembly";
import { TracingConfig } from "../config/tracing-config";
import { nonZeroHex, uuidV4 } from "./uuid";

const TRACE_ID_BYTES: i32 = 16;
const SPAN_ID_BYTES: i32 = 8;
const SAMPLING_DRAW_BYTES: i32 = 4;

export function ensureTraceHeaders(config: TracingConfig): void {
  if (!config.enabled) return;
  if (config.requestId && !requestHeaders.has("x-request-id")) requestHeaders.replace("x-request-id", uuidV4());
  const needsB3 = config.b3 && !requestHeaders.has("x-b3-traceid") && !requestHeaders.has("b3");
  const needsW3c = config.w3c && !requestHeaders.has("traceparent");
  if (!needsB3 && !needsW3c) return;
  // One trace for both formats, so a B3 reader and a W3C reader agree. One
  // draw from the host for the ids and the sampling decision: a hostcall each
  // would triple the calls on the path every untraced request takes.
  const random = randomBytes(TRACE_ID_BYTES + SPAN_ID_BYTES + SAMPLING_DRAW_BYTES);
  const traceId = nonZeroHex(random, 0, TRACE_ID_BYTES);
  const spanId = nonZeroHex(random, TRACE_ID_BYTES, TRACE_ID_BYTES + SPAN_ID_BYTES);
  const sampled = isSampled(config.samplingBasisPoints, load<u32>(random.dataStart + TRACE_ID_BYTES + SPAN_ID_BYTES));
  if (needsB3) {
    requestHeaders.replace("x-b3-traceid", traceId);
    requestHeaders.replace("x-b3-spanid", spanId);
    requestHeaders.replace("x-b3-sampled", sampled ? "1" : "0");
  }
  if (needsW3c) requestHeaders.replace("traceparent", "00-" + traceId + "-" + spanId + (sampled ? "-01" : "-00"));
}

/** True with probability basisPoints / 10000, given a uniform random `draw`. */
function isSampled(basisPoints: i32, draw: u32): bool {
  if (basisPoints >= 10000) return true;
  if (basisPoints <= 0) return false;
  return <i32>(draw % 10000) < basisPoints;
}
