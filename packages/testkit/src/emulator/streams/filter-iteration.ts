/**
 * How headers, body and trailers travel through a chain of HTTP filters in
 * one direction, with Envoy's filter-manager rules:
 * - a filter that stops on headers holds everything after them; when it
 *   continues, the headers go on and the held body is offered to that same
 *   filter first;
 * - a filter that stops on data with StopIterationAndBuffer gets the whole
 *   accumulated body on each new chunk; past the buffer limit the stream is
 *   answered 413 (request) or 500 (response);
 * - trailers reach a filter even while it buffers data; if it continues
 *   them, the buffered body is released before them.
 * The same code serves decoding (filters in order, then the upstream) and
 * encoding (filters in reverse, then the client).
 */
import { DataStatus, HeadersStatus, TrailersStatus } from "../abi/enums.ts";
import { BodyBuffer, type Chunk } from "../core/body-buffer.ts";
import type { HeaderMap } from "../core/header-map.ts";
import type { HttpFilterContext } from "./http-filter-context.ts";

export interface FilterHooks {
  headers(filter: HttpFilterContext, headers: HeaderMap, endOfStream: boolean): number;
  data(filter: HttpFilterContext, body: BodyBuffer, endOfStream: boolean): number;
  trailers(filter: HttpFilterContext, trailers: HeaderMap): number;
  /** A buffering filter's body outgrew the limit. */
  overflow(filter: HttpFilterContext): void;
}

export interface FilterSink {
  headers(headers: HeaderMap, endOfStream: boolean): void;
  data(bytes: Chunk, endOfStream: boolean): void;
  trailers(trailers: HeaderMap): void;
}

interface Slot {
  headersPassed: boolean;
  headersStopped: boolean;
  dataStopped: boolean;
  trailersStopped: boolean;
  /** Whether held data counts against the buffer limit (StopIterationAndBuffer) or only applies back-pressure. */
  limited: boolean;
  held: BodyBuffer;
  endSeen: boolean;
  trailers: HeaderMap | null;
}

export class FilterIteration {
  /** Set when a local reply or a reset ended this direction: nothing travels any more. */
  aborted = false;
  private readonly slots: Slot[];
  private headerMap: HeaderMap | null = null;
  private headersEndStream = false;

  constructor(
    private readonly filters: readonly HttpFilterContext[],
    private readonly hooks: FilterHooks,
    private readonly sink: FilterSink,
    private readonly bufferLimit: number,
  ) {
    this.slots = [];
    for (let i = 0; i < filters.length; i++) {
      this.slots.push({ headersPassed: false, headersStopped: false, dataStopped: false, trailersStopped: false, limited: false, held: new BodyBuffer(), endSeen: false, trailers: null });
    }
  }

  sendHeaders(headers: HeaderMap, endOfStream: boolean): void {
    this.headerMap = headers;
    this.headersEndStream = endOfStream;
    this.headersAt(0, endOfStream);
  }

  sendData(chunk: Chunk, endOfStream: boolean): void {
    this.dataAt(0, chunk, endOfStream);
  }

  sendTrailers(trailers: HeaderMap): void {
    this.trailersAt(0, trailers);
  }

  /** Whether `filter` is holding this direction (waiting for `proxy_continue_stream`). */
  isStoppedAt(filter: HttpFilterContext): boolean {
    const slot = this.slots[this.filters.indexOf(filter)];
    return slot !== undefined && (slot.headersStopped || slot.dataStopped || slot.trailersStopped);
  }

  /** `proxy_continue_stream` from `filter`; a no-op when it is not holding anything. */
  resume(filter: HttpFilterContext): void {
    const index = this.filters.indexOf(filter);
    const slot = this.slots[index];
    if (slot === undefined || this.aborted) return;
    if (slot.headersStopped) this.resumeHeaders(index, slot);
    else if (slot.dataStopped) this.resumeData(index, slot);
    else if (slot.trailersStopped) this.resumeTrailers(index, slot);
  }

  private headersAt(index: number, endOfStream: boolean): void {
    if (this.aborted) return;
    if (index === this.filters.length) return this.sink.headers(this.headerMap!, endOfStream);
    const slot = this.slots[index]!;
    if (endOfStream) slot.endSeen = true;
    const status = this.hooks.headers(this.filters[index]!, this.headerMap!, endOfStream);
    if (this.aborted) return;
    if (status === HeadersStatus.CONTINUE) {
      slot.headersPassed = true;
      this.headersAt(index + 1, endOfStream);
      return;
    }
    slot.headersStopped = true;
    slot.limited = status === HeadersStatus.STOP_ALL_ITERATION_AND_BUFFER;
  }

  private dataAt(index: number, chunk: Chunk, endOfStream: boolean): void {
    if (this.aborted) return;
    if (index === this.filters.length) return this.sink.data(chunk, endOfStream);
    const slot = this.slots[index]!;
    if (endOfStream) slot.endSeen = true;
    slot.held.append(chunk);
    if (!slot.headersPassed) return this.checkLimit(index, slot);
    // A buffering filter's new chunk joins the buffer first; past the limit the filter is not called again.
    if (slot.dataStopped && slot.limited && slot.held.length > this.bufferLimit) return this.hooks.overflow(this.filters[index]!);
    this.offerData(index, slot, endOfStream);
  }

  /** Calls the filter with everything it holds (the accumulated body when it buffers). */
  private offerData(index: number, slot: Slot, endOfStream: boolean): void {
    const status = this.hooks.data(this.filters[index]!, slot.held, endOfStream);
    if (this.aborted) return;
    if (status === DataStatus.CONTINUE) {
      slot.dataStopped = false;
      this.dataAt(index + 1, slot.held.takeChunk(), endOfStream);
      return;
    }
    slot.dataStopped = true;
    slot.limited = status === DataStatus.STOP_ITERATION_AND_BUFFER;
    if (status === DataStatus.STOP_ITERATION_NO_BUFFER) slot.held.clear();
    this.checkLimit(index, slot);
  }

  private trailersAt(index: number, trailers: HeaderMap): void {
    if (this.aborted) return;
    if (index === this.filters.length) return this.sink.trailers(trailers);
    const slot = this.slots[index]!;
    slot.endSeen = true;
    if (!slot.headersPassed) {
      slot.trailers = trailers;
      return;
    }
    const status = this.hooks.trailers(this.filters[index]!, trailers);
    if (this.aborted) return;
    if (status === TrailersStatus.CONTINUE) {
      this.releaseHeld(index, slot);
      this.trailersAt(index + 1, trailers);
      return;
    }
    slot.trailersStopped = true;
    slot.trailers = trailers;
  }

  private resumeHeaders(index: number, slot: Slot): void {
    slot.headersStopped = false;
    slot.headersPassed = true;
    const bodyFollows = slot.held.length > 0 || slot.trailers !== null || !this.headersEndStream;
    this.headersAt(index + 1, !bodyFollows);
    if (this.aborted || this.headersEndStream) return;
    const trailers = slot.trailers;
    slot.trailers = null;
    if (slot.held.length > 0 || (slot.endSeen && trailers === null)) {
      this.offerData(index, slot, slot.endSeen && trailers === null);
      if (this.aborted) return;
    }
    if (trailers !== null) {
      if (slot.dataStopped) slot.trailers = trailers;
      else this.trailersAt(index, trailers);
    }
  }

  private resumeData(index: number, slot: Slot): void {
    slot.dataStopped = false;
    const trailers = slot.trailers;
    const endOfStream = slot.endSeen && trailers === null;
    this.dataAt(index + 1, slot.held.takeChunk(), endOfStream);
    if (this.aborted || trailers === null) return;
    slot.trailers = null;
    this.trailersAt(index, trailers);
  }

  private resumeTrailers(index: number, slot: Slot): void {
    slot.trailersStopped = false;
    const trailers = slot.trailers!;
    slot.trailers = null;
    this.releaseHeld(index, slot);
    this.trailersAt(index + 1, trailers);
  }

  /** Sends on whatever body a filter still holds (before its trailers go). */
  private releaseHeld(index: number, slot: Slot): void {
    if (slot.held.length === 0 && !slot.dataStopped) return;
    slot.dataStopped = false;
    this.dataAt(index + 1, slot.held.takeChunk(), false);
  }

  private checkLimit(index: number, slot: Slot): void {
    if (slot.limited && slot.held.length > this.bufferLimit) this.hooks.overflow(this.filters[index]!);
  }
}
