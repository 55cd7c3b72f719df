/**
 * The upstream side of an exchange: what the upstream saw, what it answers,
 * the default echo upstream, and header-based route selection.
 */
import { type Chunk, DeferredBytes } from "./body-buffer.ts";
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
export const echoUpstream: UpstreamHandler = (request) => ({ status: 200, headers: ECHO_RESPONSE_HEADERS, body: JSON.stringify(echoDocument(request)) });

const ECHO_RESPONSE_HEADERS: ReadonlyArray<readonly [string, string]> = [["content-type", "application/json"]];

/** An upstream's answer inside the emulator, whose body may be deferred. */
export interface UpstreamAnswer extends Omit<UpstreamResponse, "body"> {
  body?: BodyInput | DeferredBytes;
}

/**
 * The echo upstream's answer as the stream carries it: the same bytes as
 * `echoUpstream`'s, made only when something reads them (a filter, or the
 * test through `result.body`). Its length is counted without building it
 * when every string is plain printable ASCII (nothing for JSON to escape).
 */
export function echoAnswer(request: UpstreamRequest): UpstreamAnswer {
  const length = request instanceof UpstreamRequestView ? request.plainEchoLength() : -1;
  const body = length < 0 ? jsonBytes(echoDocument(request)) : new DeferredBytes(length, () => jsonBytes(echoDocument(request)));
  return { status: 200, headers: ECHO_RESPONSE_HEADERS, body };
}

function jsonBytes(document: EchoDocument): Uint8Array {
  return Buffer.from(JSON.stringify(document), "utf8");
}

interface EchoDocument {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

function echoDocument(request: UpstreamRequest): EchoDocument {
  const headers = request instanceof UpstreamRequestView ? request.echoedHeaders() : { host: request.authority, ...request.headers };
  return { method: request.method, path: request.path, headers, body: request.body };
}

/** Printable ASCII but the quote and the backslash: JSON writes such text as it is. */
const PLAIN_TEXT = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
/** `{"method":,"path":,"headers":{"host":},"body":}`: what the echo document adds around its strings. */
const DOCUMENT_FRAME = 47;

/**
 * Whether strings are plain, remembered: a test sends the same header names
 * and values (the same string objects, whose hash V8 keeps) request after
 * request; looking one up costs a fraction of scanning it again.
 */
const plainStrings = new Map<string, boolean>();
const PLAIN_STRINGS_LIMIT = 1024;

/** The length of `text` once quoted by JSON, or -1 when it needs escaping or is not ASCII. */
function quotedLength(text: string): number {
  let plain = plainStrings.get(text);
  if (plain === undefined) {
    plain = PLAIN_TEXT.test(text);
    if (plainStrings.size >= PLAIN_STRINGS_LIMIT) plainStrings.clear();
    plainStrings.set(text, plain);
  }
  return plain ? text.length + 2 : -1;
}

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
    /** A header value the emulator made itself (the `x-request-id`): plain ASCII, not worth scanning. */
    private readonly generated: string | null,
  ) {
    this.method = map.getLowerCase(":method") ?? "";
    this.path = map.getLowerCase(":path") ?? "";
    this.authority = map.getLowerCase(":authority") ?? "";
    this.scheme = map.getLowerCase(":scheme") ?? "";
  }

  get headers(): Record<string, string> {
    return (this.headerRecord ??= this.map.toRecord());
  }

  get headerList(): Array<[string, string]> {
    return this.map.toList();
  }

  get body(): string {
    if (this.bodyBytes.length === 0) return "";
    return (this.bodyText ??= Buffer.from(this.bodyBytes.buffer, this.bodyBytes.byteOffset, this.bodyBytes.byteLength).toString("utf8"));
  }

  /**
   * The byte length of the echo upstream's JSON for this request, counted
   * without building it; -1 when it is not that simple: a string JSON must
   * escape or that is not ASCII, a repeated header or `host` (joined or moved
   * in the document), a header name of digits (JavaScript puts those first).
   */
  plainEchoLength(): number {
    const { keys, values } = this.map;
    const method = quotedLength(this.method);
    const path = quotedLength(this.path);
    const body = quotedLength(this.body);
    const authority = quotedLength(this.authority);
    if (method < 0 || path < 0 || body < 0 || authority < 0) return -1;
    let length = DOCUMENT_FRAME + method + path + body + authority;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const first = key.charCodeAt(0);
      if (first === 58 /* ':' */) continue;
      if ((first >= 48 && first <= 57) || key === "host" || keys.indexOf(key, i + 1) >= 0) return -1;
      const quotedKey = quotedLength(key);
      const value = values[i]!;
      const quotedValue = value === this.generated ? value.length + 2 : quotedLength(value);
      if (quotedKey < 0 || quotedValue < 0) return -1;
      length += 1 + quotedKey + 1 + quotedValue; // the comma before, the colon inside
    }
    return length;
  }

  /** The headers the echo upstream reports: `host` (the authority) first, then the regular headers, repeated ones joined. */
  echoedHeaders(): Record<string, string> {
    const { keys, values } = this.map;
    const out: Record<string, string> = { host: this.authority };
    let hostSeen = false;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (key.charCodeAt(0) === 58 /* ':' */) continue;
      if (key === "host" && !hostSeen) {
        hostSeen = true;
        out.host = values[i]!;
      } else {
        out[key] = key in out ? `${out[key]}, ${values[i]}` : values[i]!;
      }
    }
    return out;
  }

  get trailers(): Record<string, string> | null {
    return this.trailerMap ? this.trailerMap.toRecord() : null;
  }

  toJSON(): object {
    return { method: this.method, path: this.path, authority: this.authority, scheme: this.scheme, headers: this.headers, headerList: this.headerList, body: this.body, trailers: this.trailers };
  }
}

/** Snapshots the request as it reached the upstream; `generated` is a header value the emulator made (plain ASCII). */
export function toUpstreamRequest(headers: HeaderMap, body: Uint8Array, trailers: HeaderMap | null, generated: string | null = null): UpstreamRequest {
  return new UpstreamRequestView(headers.clone(), body, trailers, generated);
}

const NO_CHUNKS: readonly Uint8Array[] = Object.freeze([]);

/** Splits a body input into chunks of bytes. */
export function bodyChunks(body: BodyInput | undefined): readonly Uint8Array[] {
  if (body === undefined) return NO_CHUNKS;
  const items = typeof body === "string" || body instanceof Uint8Array ? [body] : body;
  return items.map((item) => (typeof item === "string" ? Buffer.from(item, "utf8") : item)).filter((chunk) => chunk.length > 0);
}

/** An answer's body as chunks, a deferred one kept deferred. */
export function answerChunks(body: BodyInput | DeferredBytes | undefined): readonly Chunk[] {
  if (body instanceof DeferredBytes) return body.length > 0 ? [body] : [];
  return bodyChunks(body);
}

/** The response headers an upstream answer turns into (`:status` first, `content-length` when missing). */
export function responseHeaderMap(response: UpstreamAnswer, bodyLength: number): HeaderMap {
  const status = String(response.status ?? 200);
  let headers = new HeaderMap();
  headers.push(":status", status);
  if (response.headers) headers.addAll(response.headers);
  if (headers.size > 1 && headers.keys[1]!.charCodeAt(0) === 58 /* ':' */) {
    // The answer carried pseudo-headers of its own: theirs first, then the status, any :status of theirs dropped.
    headers = HeaderMap.from(response.headers);
    headers.remove(":status");
    headers.add(":status", status);
  }
  if (!headers.hasLowerCase("content-length") && !headers.hasLowerCase("transfer-encoding")) headers.push("content-length", String(bodyLength));
  return headers;
}
