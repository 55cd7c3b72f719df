/**
 * The upstream side of an exchange: what the upstream saw, what it answers,
 * the default echo upstream, and header-based route selection.
 */
import { type HeaderInput, HeaderMap } from "./header-map.ts";

/** What reached the upstream, after every filter. */
export interface UpstreamRequest {
  method: string;
  path: string;
  authority: string;
  scheme: string;
  /** Regular headers (no pseudo-headers), lower-cased; repeated ones joined with ", ". */
  headers: Record<string, string>;
  /** Every header in order, pseudo-headers included. */
  headerList: Array<[string, string]>;
  body: string;
  bodyBytes: Uint8Array;
  trailers: Record<string, string> | null;
}

export type BodyInput = string | Uint8Array | ReadonlyArray<string | Uint8Array>;

/** What an upstream answers. */
export interface UpstreamResponse {
  /** @default 200 */
  status?: number;
  headers?: HeaderInput;
  /** A string, bytes, or an array of chunks (each delivered as its own body callback). */
  body?: BodyInput;
  trailers?: HeaderInput;
}

export type UpstreamHandler = (request: UpstreamRequest) => UpstreamResponse | Promise<UpstreamResponse>;

/** Picks an upstream by a request header's value (evaluated after the filters ran, like Envoy's route cache). */
export interface RouteTable {
  header: string;
  upstreams: Record<string, UpstreamHandler>;
}

/**
 * The default upstream: answers 200 with a JSON body `{method, path, headers,
 * body}` describing what it received (the same shape as the real-Envoy
 * harness's echo server). `headers` holds the regular headers plus `host`.
 */
export const echoUpstream: UpstreamHandler = (request) => {
  const headers: Record<string, string> = { host: request.authority, ...request.headers };
  const body = JSON.stringify({ method: request.method, path: request.path, headers, body: request.body });
  return { status: 200, headers: { "content-type": "application/json" }, body };
};

/** What the upstream saw; the derived views are computed on first use (most handlers read little). */
class UpstreamRequestView implements UpstreamRequest {
  readonly method: string;
  readonly path: string;
  readonly authority: string;
  readonly scheme: string;
  private headerRecord: Record<string, string> | null = null;
  private bodyText: string | null = null;

  constructor(
    private readonly map: HeaderMap,
    readonly bodyBytes: Uint8Array,
    private readonly trailerMap: HeaderMap | null,
  ) {
    this.method = map.get(":method") ?? "";
    this.path = map.get(":path") ?? "";
    this.authority = map.get(":authority") ?? "";
    this.scheme = map.get(":scheme") ?? "";
  }

  get headers(): Record<string, string> {
    return (this.headerRecord ??= this.map.toRecord());
  }

  get headerList(): Array<[string, string]> {
    return this.map.toList();
  }

  get body(): string {
    return (this.bodyText ??= Buffer.from(this.bodyBytes.buffer, this.bodyBytes.byteOffset, this.bodyBytes.byteLength).toString("utf8"));
  }

  get trailers(): Record<string, string> | null {
    return this.trailerMap ? this.trailerMap.toRecord() : null;
  }

  toJSON(): object {
    return { method: this.method, path: this.path, authority: this.authority, scheme: this.scheme, headers: this.headers, headerList: this.headerList, body: this.body, trailers: this.trailers };
  }
}

/** Snapshots the request as it reached the upstream. */
export function toUpstreamRequest(headers: HeaderMap, body: Uint8Array, trailers: HeaderMap | null): UpstreamRequest {
  return new UpstreamRequestView(headers.clone(), body, trailers);
}

/** Splits a body input into chunks of bytes. */
export function bodyChunks(body: BodyInput | undefined): Uint8Array[] {
  if (body === undefined) return [];
  const items = typeof body === "string" || body instanceof Uint8Array ? [body] : body;
  return items.map((item) => (typeof item === "string" ? Buffer.from(item, "utf8") : item)).filter((chunk) => chunk.length > 0);
}

/** The response headers an upstream answer turns into (`:status` first, `content-length` when missing). */
export function responseHeaderMap(response: UpstreamResponse, bodyLength: number): HeaderMap {
  const headers = HeaderMap.from(response.headers);
  headers.remove(":status");
  headers.add(":status", String(response.status ?? 200));
  if (!headers.has("content-length") && !headers.has("transfer-encoding")) headers.add("content-length", String(bodyLength));
  return headers;
}
