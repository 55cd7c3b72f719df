// Makes sure a request carries trace context, in onRequestHeaders:
//  - `x-request-id`: Envoy's connection manager normally adds one; when it is
//    missing (generate_request_id off, or another proxy) a UUID v4 is added.
//  - B3 (`x-b3-traceid`, `x-b3-spanid`, `x-b3-sampled`) and/or W3C
//    `traceparent`: when the request has none of the format's headers (B3
//    also accepts the single `b3` header), a new trace is started with a
//    random 128-bit trace id, a 64-bit span id and a sampling decision drawn
//    from the configured percentage. Headers that arrived are never touched.

import { requestHeaders } from "@envoyscript/sdk/assembly/headers";
import { randomBytes } from "@envoyscript/sdk/assembly/randomness";
import { TracingConfig } from "../config/tracing-config";
import { randomNonZeroHex, uuidV4 } from "./uuid";

export function ensureTraceHeaders(config: TracingConfig): void {
  if (!config.enabled) return;
  if (config.requestId && !requestHeaders.has("x-request-id")) requestHeaders.replace("x-request-id", uuidV4());
  const needsB3 = config.b3 && !requestHeaders.has("x-b3-traceid") && !requestHeaders.has("b3");
  const needsW3c = config.w3c && !requestHeaders.has("traceparent");
  if (!needsB3 && !needsW3c) return;
  // One trace for both formats, so a B3 reader and a W3C reader agree.
  const traceId = randomNonZeroHex(16);
  const spanId = randomNonZeroHex(8);
  const sampled = isSampled(config.samplingBasisPoints);
  if (needsB3) {
    requestHeaders.replace("x-b3-traceid", traceId);
    requestHeaders.replace("x-b3-spanid", spanId);
    requestHeaders.replace("x-b3-sampled", sampled ? "1" : "0");
  }
  if (needsW3c) requestHeaders.replace("traceparent", "00-" + traceId + "-" + spanId + (sampled ? "-01" : "-00"));
}

/** True with probability basisPoints / 10000, from host randomness. */
function isSampled(basisPoints: i32): bool {
  if (basisPoints >= 10000) return true;
  if (basisPoints <= 0) return false;
  const bytes = randomBytes(4);
  const draw = load<u32>(bytes.dataStart) % 10000;
  return <i32>draw < basisPoints;
}
