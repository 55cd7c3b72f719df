/** The shapes of an HTTP exchange: what a test sends, how the stream is set up, and what comes back. */
import type { HeaderInput } from "./header-map.ts";
import type { PropertyNode } from "../abi/property-values.ts";
import type { BodyInput, RouteTable, UpstreamHandler, UpstreamRequest } from "./upstream.ts";

export interface HttpRequestInput {
  /** @default "GET" */
  method?: string;
  /** Path with query. @default "/" */
  path?: string;
  /** @default "localhost" */
  authority?: string;
  /** @default "http" */
  scheme?: string;
  headers?: HeaderInput;
  /** A string, bytes, or an array of chunks (each delivered as its own body callback). */
  body?: BodyInput;
  trailers?: HeaderInput;
  /**
   * Pseudo-headers to leave out (a malformed request Envoy's codec would not
   * produce, but a filter must survive: fuzzing and hostile-input tests).
   */
  omitPseudoHeaders?: readonly (":authority" | ":path" | ":method" | ":scheme")[];
}

export interface StreamOptions {
  /** Answers the request once it passed every filter. @default echoUpstream */
  upstream?: UpstreamHandler;
  /** Picks the upstream by a header value; no match falls back to `upstream`, or answers 404 when `upstream` is not given. */
  routes?: RouteTable;
  /** Property overrides for this stream, deep-merged over the defaults (e.g. `{ metadata: { filter_metadata: {...} } }`). */
  properties?: Record<string, PropertyNode>;
  /** Per-filter buffer limit. @default the host's (1 MiB) */
  bufferLimitBytes?: number;
  /** Add the headers Envoy's connection manager adds (`x-forwarded-proto`, `x-request-id`). @default true */
  envoyHeaders?: boolean;
}

/** What the client got, and what the upstream saw. */
export interface ExchangeResult {
  status: number;
  /** Response headers without `:status`; repeated ones joined with ", ". */
  headers: Record<string, string>;
  headerList: Array<[string, string]>;
  body: string;
  bodyBytes: Uint8Array;
  trailers: Record<string, string> | null;
  /** What reached the upstream; null when the request never got there (local reply, reset). */
  upstreamRequest: UpstreamRequest | null;
  /** The response was produced by Envoy (send_local_response, 413, failure policy, no route), not by an upstream. */
  localReply: boolean;
  /** A module trapped while handling this stream. */
  trapped: boolean;
  /** The stream was reset (proxy_close_stream, or a local reply after the response had started). */
  reset: boolean;
  /** Envoy's response code details (`via_upstream`, the local reply's details, `wasm_fail_stream`...). */
  details: string;
}
