/**
 * The host side of one HTTP filter instance (one plugin on one stream).
 * It mirrors Envoy's Wasm `Context` as an HTTP filter: which maps and bodies
 * a hostcall may touch at each moment (request headers are gone once a
 * filter let them through), how callback results convert to filter statuses,
 * and what the failure policy does after a trap.
 */
import { BufferType, DataStatus, HeadersStatus, MapType, Status, StreamType, TrailersStatus } from "../abi/enums.ts";
import type { PropertyNode } from "../abi/property-values.ts";
import type { BodyBuffer } from "../core/body-buffer.ts";
import type { HeaderMap } from "../core/header-map.ts";
import type { LocalReplySpec } from "../core/local-reply.ts";
import type { WasmFunction } from "../vm/runtime.ts";
import { HostContext } from "./contexts.ts";
import type { RootContext } from "./root-context.ts";

type Phase = "headers" | "data" | "trailers";
export type Direction = "request" | "response";

/** What a filter context asks of the stream it is on (http-stream.ts). */
export interface StreamControl {
  /** Values set with `proxy_set_property`, shared by the stream's filters. */
  readonly filterState: Map<string, Uint8Array>;
  /** The request headers the stream started with, as the last filter left them. */
  readonly requestHeaders: HeaderMap;
  readonly finalResponseHeaders: HeaderMap | null;
  readonly finalResponseTrailers: HeaderMap | null;
  /** A module trapped while handling the stream. */
  trapped: boolean;
  /** `proxy_continue_stream` (posted). */
  continueFilter(filter: HttpFilterContext, direction: Direction): void;
  /** `proxy_close_stream`: the client gets no (further) response. */
  reset(details: string): void;
  /** `proxy_send_local_response` (posted). */
  sendLocalReply(reply: LocalReplySpec): void;
  /** The failure policy's 503 after a trap. */
  failStream(): void;
  /** The attributes this filter's properties answer from. */
  attributesFor(filter: HttpFilterContext): PropertyNode;
}

export class HttpFilterContext extends HostContext {
  readonly kind = "http" as const;
  requestHeaders: HeaderMap | null = null;
  requestBody: BodyBuffer | null = null;
  requestTrailers: HeaderMap | null = null;
  responseHeaders: HeaderMap | null = null;
  responseBody: BodyBuffer | null = null;
  responseTrailers: HeaderMap | null = null;
  /** A failure-policy 503 was sent on behalf of this filter: its response callbacks are skipped. */
  failureReplySent = false;
  private accessLog = false;
  private destroyed = false;

  constructor(
    private readonly rootContext: RootContext,
    readonly stream: StreamControl,
  ) {
    super(rootContext.vm, rootContext.env);
  }

  root(): RootContext {
    return this.rootContext;
  }

  protected buildProperties(): PropertyNode {
    return this.stream.attributesFor(this);
  }

  override inAccessLogPhase(): boolean {
    return this.accessLog;
  }

  override mutableHeaderMap(type: number): HeaderMap | null {
    if (this.accessLog) return null;
    switch (type) {
      case MapType.REQUEST_HEADERS:
        return this.requestHeaders;
      case MapType.REQUEST_TRAILERS:
        return this.requestTrailers;
      case MapType.RESPONSE_HEADERS:
        return this.responseHeaders;
      case MapType.RESPONSE_TRAILERS:
        return this.responseTrailers;
      default:
        return null;
    }
  }

  override readableHeaderMap(type: number): HeaderMap | null {
    if (!this.accessLog || type > MapType.RESPONSE_TRAILERS) return super.readableHeaderMap(type);
    // In the access-log phase Envoy reads the maps the stream ended with.
    if (type === MapType.REQUEST_HEADERS) return this.stream.requestHeaders;
    if (type === MapType.RESPONSE_HEADERS) return this.stream.finalResponseHeaders;
    if (type === MapType.RESPONSE_TRAILERS) return this.stream.finalResponseTrailers;
    return null;
  }

  override buffer(type: number): BodyBuffer | null {
    if (type === BufferType.REQUEST_BODY) return this.requestBody;
    if (type === BufferType.RESPONSE_BODY) return this.responseBody;
    return super.buffer(type);
  }

  override continueStream(type: number): Status {
    if (type === StreamType.UPSTREAM) return Status.UNIMPLEMENTED;
    if (type === StreamType.DOWNSTREAM) return Status.OK;
    const direction: Direction = type === StreamType.REQUEST ? "request" : "response";
    this.env.dispatcher.afterCall(() => this.stream.continueFilter(this, direction));
    // Envoy forgets the request maps on any continue (a quirk worth keeping: modules see it).
    this.requestHeaders = null;
    this.requestBody = null;
    this.requestTrailers = null;
    return Status.OK;
  }

  override closeStream(type: number): Status {
    if (type === StreamType.REQUEST || type === StreamType.RESPONSE) {
      this.env.dispatcher.afterCall(() => this.stream.reset("wasm_close_stream"));
    }
    return Status.OK;
  }

  override sendLocalResponse(reply: LocalReplySpec): void {
    this.env.dispatcher.afterCall(() => this.stream.sendLocalReply(reply));
  }

  override setProperty(path: string, value: Uint8Array): Status {
    this.stream.filterState.set(path, value);
    return Status.OK;
  }

  override filterState(): Map<string, Uint8Array> {
    return this.stream.filterState;
  }

  /** `proxy_on_context_create`, once, when the stream first reaches this filter. */
  ensureCreated(): void {
    if (this.created) return;
    const callback = this.vm.callbacks.proxy_on_context_create;
    if (!this.vm.failed && callback) this.call(callback, this.id, this.root().id);
    this.created = true;
  }

  onRequestHeaders(headers: HeaderMap, endOfStream: boolean): number {
    this.ensureCreated();
    this.requestHeaders = headers;
    const status = this.callStream(this.vm.callbacks.proxy_on_request_headers, headers.size, endOfStream ? 1 : 0, "request", "headers");
    if (status === HeadersStatus.CONTINUE) this.requestHeaders = null;
    return status;
  }

  onRequestBody(body: BodyBuffer, endOfStream: boolean): number {
    if (!this.created) return DataStatus.CONTINUE;
    this.requestBody = body;
    const status = this.callStream(this.vm.callbacks.proxy_on_request_body, body.length, endOfStream ? 1 : 0, "request", "data");
    if (status === DataStatus.CONTINUE) this.requestBody = null;
    return status;
  }

  onRequestTrailers(trailers: HeaderMap): number {
    if (!this.created) return TrailersStatus.CONTINUE;
    this.requestTrailers = trailers;
    const status = this.callStream(this.vm.callbacks.proxy_on_request_trailers, trailers.size, 0, "request", "trailers");
    if (status === TrailersStatus.CONTINUE) this.requestTrailers = null;
    return status;
  }

  onResponseHeaders(headers: HeaderMap, endOfStream: boolean): number {
    if (!this.created || this.failureReplySent) return HeadersStatus.CONTINUE;
    this.responseHeaders = headers;
    const status = this.callStream(this.vm.callbacks.proxy_on_response_headers, headers.size, endOfStream ? 1 : 0, "response", "headers");
    if (status === HeadersStatus.CONTINUE) this.responseHeaders = null;
    return status;
  }

  onResponseBody(body: BodyBuffer, endOfStream: boolean): number {
    if (!this.created || this.failureReplySent) return DataStatus.CONTINUE;
    this.responseBody = body;
    const status = this.callStream(this.vm.callbacks.proxy_on_response_body, body.length, endOfStream ? 1 : 0, "response", "data");
    if (status === DataStatus.CONTINUE) this.responseBody = null;
    return status;
  }

  onResponseTrailers(trailers: HeaderMap): number {
    if (!this.created || this.failureReplySent) return TrailersStatus.CONTINUE;
    this.responseTrailers = trailers;
    const status = this.callStream(this.vm.callbacks.proxy_on_response_trailers, trailers.size, 0, "response", "trailers");
    if (status === TrailersStatus.CONTINUE) this.responseTrailers = null;
    return status;
  }

  /** The access-log callback at stream end; creates the context first if the stream never reached it (as Envoy does). */
  onLog(): void {
    this.ensureCreated();
    const callback = this.vm.callbacks.proxy_on_log;
    if (this.vm.failed || !callback) return;
    this.accessLog = true;
    this.call(callback, this.id);
    this.accessLog = false;
  }

  /** `proxy_on_done` then `proxy_on_delete`, once. */
  destroy(): void {
    if (this.destroyed || !this.created) return;
    this.destroyed = true;
    const { proxy_on_done, proxy_on_delete } = this.vm.callbacks;
    if (!this.vm.failed && proxy_on_done) this.call(proxy_on_done, this.id);
    if (!this.vm.failed && proxy_on_delete) this.call(proxy_on_delete, this.id);
    this.vm.release(this.id);
  }

  private call(fn: WasmFunction, a = 0, b = 0, c = 0): number | undefined {
    const wasFailed = this.vm.failed;
    const result = this.vm.invoke(this, fn, a, b, c);
    if (this.vm.failed && !wasFailed) this.stream.trapped = true;
    return result;
  }

  /** One stream callback with Envoy's checks before and after (CHECK_FAIL_HTTP) and result conversion. */
  private callStream(fn: WasmFunction | undefined, a: number, b: number, direction: Direction, phase: Phase): number {
    if (this.vm.failed) return this.failurePolicy(direction, phase);
    if (!fn) return 0;
    const { result, stopped } = this.vm.invokeStream(this, fn, this.id, a, b);
    if (this.vm.failed || result === undefined) {
      this.stream.trapped = true;
      return this.failurePolicy(direction, phase);
    }
    return convertResult(result, phase, stopped);
  }

  private failurePolicy(direction: Direction, phase: Phase): number {
    if (this.rootContext.plugin!.failurePolicy === "open") return 0;
    if (!this.failureReplySent) {
      this.failureReplySent = true;
      this.stream.failStream();
    }
    return phase === "headers" ? HeadersStatus.STOP_ALL_ITERATION_AND_WATERMARK : phase === "data" ? DataStatus.STOP_ITERATION_NO_BUFFER : TrailersStatus.STOP_ITERATION;
  }
}

/** proxy-wasm-cpp-host's `convertVmCallResultTo*Status`. */
function convertResult(raw: number, phase: Phase, stopped: boolean): number {
  if (phase === "headers") {
    if (stopped || raw > HeadersStatus.STOP_ALL_ITERATION_AND_WATERMARK || raw === HeadersStatus.STOP_ITERATION) return HeadersStatus.STOP_ALL_ITERATION_AND_WATERMARK;
    return raw === HeadersStatus.CONTINUE_AND_END_STREAM ? HeadersStatus.CONTINUE : raw;
  }
  if (phase === "data") return stopped || raw > DataStatus.STOP_ITERATION_NO_BUFFER ? DataStatus.STOP_ITERATION_NO_BUFFER : raw;
  return stopped || raw > TrailersStatus.STOP_ITERATION ? TrailersStatus.STOP_ITERATION : raw;
}
