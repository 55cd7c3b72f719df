import type { UpstreamHandler } from "../emulator/index.ts";

/** How many of the request's headers the mirror sends back: enough to be hostile, few enough to cost little. */
const MIRRORED_HEADERS = 4;

/**
 * The fuzzer's upstream: answers 200 with the request's body as it reached
 * the upstream, byte for byte, and its first regular headers as response
 * headers, so that response callbacks get fuzzed names, values and bytes
 * too. The default echo upstream describes the request in JSON, escaped into
 * valid UTF-8, at a cost: encoding every fuzzed header and body into JSON
 * took over half of a fuzz run, more than the filters and the emulator.
 */
export const mirrorUpstream: UpstreamHandler = (request) => {
  const headers: Array<[string, string]> = [];
  for (const [name, value] of request.headerList) {
    if (headers.length === MIRRORED_HEADERS) break;
    if (name.charCodeAt(0) !== 58 /* ':' */) headers.push([name, value]);
  }
  return { status: 200, headers, body: request.bodyBytes };
};
