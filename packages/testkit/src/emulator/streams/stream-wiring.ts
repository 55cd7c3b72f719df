/**
 * How an HTTP stream plugs into its two filter iterations: hooks that call
 * each filter's callbacks, and sinks at the far ends (the upstream for the
 * request path, the client for the response path).
 */
import type { BodyBuffer, Chunk } from "../core/body-buffer.ts";
import type { HeaderMap } from "../core/header-map.ts";
import type { FilterHooks, FilterSink } from "./filter-iteration.ts";
import type { Direction, HttpFilterContext } from "./http-filter-context.ts";

/** The stream's ends: where request bytes leave for the upstream, response bytes for the client (http-stream.ts). */
export interface StreamEnds {
  upstreamHeaders(endOfStream: boolean): void;
  upstreamData(bytes: Chunk, endOfStream: boolean): void;
  upstreamTrailersReceived(trailers: HeaderMap): void;
  downstreamHeaders(headers: HeaderMap, endOfStream: boolean): void;
  downstreamData(bytes: Chunk, endOfStream: boolean): void;
  downstreamTrailers(trailers: HeaderMap): void;
  /** A buffering filter outgrew the limit. */
  overflow(direction: Direction): void;
}

// Hooks and sinks as small classes (methods on prototypes: no per-stream closures).
export class RequestHooks implements FilterHooks {
  constructor(private readonly stream: StreamEnds) {}
  headers(filter: HttpFilterContext, headers: HeaderMap, end: boolean): number {
    return filter.onRequestHeaders(headers, end);
  }
  data(filter: HttpFilterContext, body: BodyBuffer, end: boolean): number {
    return filter.onRequestBody(body, end);
  }
  trailers(filter: HttpFilterContext, trailers: HeaderMap): number {
    return filter.onRequestTrailers(trailers);
  }
  overflow(): void {
    this.stream.overflow("request");
  }
}

export class ResponseHooks implements FilterHooks {
  constructor(private readonly stream: StreamEnds) {}
  headers(filter: HttpFilterContext, headers: HeaderMap, end: boolean): number {
    return filter.onResponseHeaders(headers, end);
  }
  data(filter: HttpFilterContext, body: BodyBuffer, end: boolean): number {
    return filter.onResponseBody(body, end);
  }
  trailers(filter: HttpFilterContext, trailers: HeaderMap): number {
    return filter.onResponseTrailers(trailers);
  }
  overflow(): void {
    this.stream.overflow("response");
  }
}

export class UpstreamSink implements FilterSink {
  constructor(private readonly stream: StreamEnds) {}
  headers(_headers: HeaderMap, end: boolean): void {
    this.stream.upstreamHeaders(end);
  }
  data(bytes: Chunk, end: boolean): void {
    this.stream.upstreamData(bytes, end);
  }
  trailers(trailers: HeaderMap): void {
    this.stream.upstreamTrailersReceived(trailers);
  }
}

export class DownstreamSink implements FilterSink {
  constructor(private readonly stream: StreamEnds) {}
  headers(headers: HeaderMap, end: boolean): void {
    this.stream.downstreamHeaders(headers, end);
  }
  data(bytes: Chunk, end: boolean): void {
    this.stream.downstreamData(bytes, end);
  }
  trailers(trailers: HeaderMap): void {
    this.stream.downstreamTrailers(trailers);
  }
}
