/**
 * One HTTP stream through a chain of filters, to an upstream and back, with
 * Envoy's semantics: request path in filter order, response path in reverse;
 * local replies (from a module, the buffer limit, or the failure policy) run
 * through the response path of the filters the request reached, or straight
 * to the client once the response is under way; at the end every filter gets
 * `proxy_on_log`, then `proxy_on_done` and `proxy_on_delete`.
 */
import { GrpcStatus } from "../abi/enums.ts";
import type { PropertyNode } from "../abi/property-values.ts";
import { BodyBuffer, type Chunk } from "../core/body-buffer.ts";
import { ClientResponse } from "../core/client-response.ts";
import { EmulatorError } from "../core/errors.ts";
import { HeaderMap } from "../core/header-map.ts";
import { buildLocalReply, normalizeDetails, type LocalReplySpec } from "../core/local-reply.ts";
import type { ExchangeResult, HttpRequestInput, StreamOptions } from "../core/stream-types.ts";
import { answerChunks, bodyChunks, echoAnswer, echoUpstream, responseHeaderMap, toUpstreamRequest, type UpstreamAnswer, type UpstreamHandler, type UpstreamRequest } from "../core/upstream.ts";
import { httpAttributes, type StreamFacts } from "./attributes.ts";
import type { StreamEnvironment } from "./environment.ts";
import { FilterIteration } from "./filter-iteration.ts";
import { HttpFilterContext, type Direction, type StreamControl } from "./http-filter-context.ts";
import type { RootContext } from "./root-context.ts";
import { DownstreamSink, RequestHooks, ResponseHooks, type StreamEnds, UpstreamSink } from "./stream-wiring.ts";

/** A request sent without waiting for it (`FilterChain.startRequest`), for tests that move time themselves. */
export interface RequestInFlight {
  /** The client has the whole response, or the stream was reset. */
  readonly completed: boolean;
  /** What the client got, once completed. */
  readonly finished: Promise<ExchangeResult>;
  /** The client goes away: the stream is reset (call it inside `host.dispatcher.run`). */
  reset(details: string): void;
}

let requestIdCounter = 0;

export class HttpStream implements StreamControl, StreamEnds, StreamFacts, RequestInFlight {
  readonly filters: HttpFilterContext[];
  private state: Map<string, Uint8Array> | null = null;
  readonly startTimeMs: number;
  requestHeaders: HeaderMap = new HeaderMap();
  finalResponseHeaders: HeaderMap | null = null;
  finalResponseTrailers: HeaderMap | null = null;
  responseCode = 0;
  details = "";
  trapped = false;
  localReplied = false;
  wasReset = false;
  completed = false;
  requestBodySize = 0;
  /** Response body bytes sent to the client so far (Envoy's `bytesSent`, the `response.size` attribute). */
  responseBodyBytesSent = 0;
  upstreamRequest: UpstreamRequest | null = null;
  upstreamName = "";
  /** The `x-request-id` the stream made up (none when the client sent one). */
  private requestId: string | null = null;
  /** What the client got (once completed), or why the exchange failed; settled into `finished` when someone waits. */
  private outcome: { result: ExchangeResult } | { error: unknown } | null = null;
  private settle: { resolve(result: ExchangeResult): void; reject(error: unknown): void } | null = null;
  private finishedPromise: Promise<ExchangeResult> | null = null;
  private readonly request: FilterIteration;
  private response: FilterIteration | null = null;
  private readonly upstreamBody = new BodyBuffer();
  private upstreamTrailers: HeaderMap | null = null;
  private upstreamCalled = false;
  private readonly downstreamBody = new BodyBuffer();
  private downstreamHeadersSent = false;
  private readonly bufferLimit: number;

  constructor(
    private readonly env: StreamEnvironment,
    roots: readonly RootContext[],
    readonly options: StreamOptions = {},
  ) {
    this.startTimeMs = env.clock.now();
    this.bufferLimit = options.bufferLimitBytes ?? env.bufferLimitBytes;
    this.filters = roots.length === 1 ? [new HttpFilterContext(roots[0]!, this)] : roots.map((root) => new HttpFilterContext(root, this));
    this.request = new FilterIteration(this.filters, new RequestHooks(this), new UpstreamSink(this), this.bufferLimit);
  }

  /** Sends the whole request into the chain (synchronously as far as the filters let it go). */
  start(input: HttpRequestInput): void {
    const chunks = bodyChunks(input.body);
    const trailers = input.trailers ? HeaderMap.from(input.trailers) : null;
    for (const chunk of chunks) this.requestBodySize += chunk.length;
    this.requestHeaders = this.buildRequestHeaders(input, this.requestBodySize);
    const headersOnly = chunks.length === 0 && trailers === null;
    this.request.sendHeaders(this.requestHeaders, headersOnly);
    sendBody(this.request, chunks, trailers === null);
    if (trailers) this.request.sendTrailers(trailers);
  }

  /** Values set with `proxy_set_property`, shared by the stream's filters. */
  get filterState(): Map<string, Uint8Array> {
    return (this.state ??= new Map());
  }

  /** What the client got; rejects when the upstream handler failed. */
  get finished(): Promise<ExchangeResult> {
    if (this.finishedPromise === null) {
      const outcome = this.outcome;
      if (outcome === null) {
        this.finishedPromise = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
      } else {
        this.finishedPromise = "result" in outcome ? Promise.resolve(outcome.result) : Promise.reject(outcome.error);
      }
    }
    return this.finishedPromise;
  }

  private finish(outcome: { result: ExchangeResult } | { error: unknown }): void {
    this.outcome = outcome;
    if (this.settle === null) return;
    if ("result" in outcome) this.settle.resolve(outcome.result);
    else this.settle.reject(outcome.error);
  }

  get isGrpc(): boolean {
    return (this.requestHeaders.get("content-type") ?? "").startsWith("application/grpc");
  }

  /** `proxy_continue_stream` (posted). */
  continueFilter(filter: HttpFilterContext, direction: Direction): void {
    if (this.completed) return;
    if (direction === "request") this.request.resume(filter);
    else this.response?.resume(filter);
  }

  attributesFor(filter: HttpFilterContext): PropertyNode {
    return httpAttributes(filter, this);
  }

  /** `proxy_send_local_response` (posted). */
  sendLocalReply(reply: LocalReplySpec): void {
    this.localReply({ ...reply, details: normalizeDetails(reply.details) });
  }

  /** The failure policy's 503 after a trap (fail closed). */
  failStream(): void {
    this.localReply({ status: 503, body: new Uint8Array(0), headers: [], grpcStatus: GrpcStatus.UNAVAILABLE, details: "wasm_fail_stream" });
  }

  /** Resets the stream: the client gets no (further) response. */
  reset(details: string): void {
    if (this.completed) return;
    if (!this.details) this.details = details;
    this.wasReset = true;
    this.request.aborted = true;
    if (this.response) this.response.aborted = true;
    this.complete();
  }

  private buildRequestHeaders(input: HttpRequestInput, bodySize: number): HeaderMap {
    const headers = new HeaderMap();
    const omitted = input.omitPseudoHeaders;
    if (omitted === undefined || !omitted.includes(":authority")) headers.push(":authority", input.authority ?? "localhost");
    if (omitted === undefined || !omitted.includes(":path")) headers.push(":path", input.path ?? "/");
    if (omitted === undefined || !omitted.includes(":method")) headers.push(":method", input.method ?? "GET");
    if (omitted === undefined || !omitted.includes(":scheme")) headers.push(":scheme", input.scheme ?? "http");
    if (input.headers) headers.addAll(input.headers);
    if (bodySize > 0 && !headers.hasLowerCase("content-length") && !headers.hasLowerCase("transfer-encoding")) headers.push("content-length", String(bodySize));
    if (this.options.envoyHeaders !== false) {
      if (!headers.hasLowerCase("x-forwarded-proto")) headers.push("x-forwarded-proto", input.scheme ?? "http");
      if (!headers.hasLowerCase("x-request-id")) {
        this.requestId = `00000000-0000-4000-8000-${(++requestIdCounter).toString(16).padStart(12, "0")}`;
        headers.push("x-request-id", this.requestId);
      }
    }
    return headers;
  }

  /** @internal Request bytes reached the upstream end of the chain. */
  upstreamHeaders(endOfStream: boolean): void {
    if (endOfStream) this.callUpstream();
  }

  /** @internal */
  upstreamData(bytes: Chunk, endOfStream: boolean): void {
    this.upstreamBody.append(bytes);
    if (endOfStream) this.callUpstream();
  }

  /** @internal */
  upstreamTrailersReceived(trailers: HeaderMap): void {
    this.upstreamTrailers = trailers;
    this.callUpstream();
  }

  /** @internal Response bytes reached the client. */
  downstreamHeaders(headers: HeaderMap, endOfStream: boolean): void {
    this.downstreamHeadersSent = true;
    this.finalResponseHeaders = headers;
    if (endOfStream) this.complete();
  }

  /** @internal */
  downstreamData(bytes: Chunk, endOfStream: boolean): void {
    this.downstreamBody.append(bytes);
    this.responseBodyBytesSent += bytes.length;
    if (endOfStream) this.complete();
  }

  /** @internal */
  downstreamTrailers(trailers: HeaderMap): void {
    this.finalResponseTrailers = trailers;
    this.complete();
  }

  /** @internal A buffering filter outgrew the limit. */
  overflow(direction: Direction): void {
    if (direction === "request") this.localReply(textReply(413, "Payload Too Large", "request_payload_too_large"));
    else this.localReply(textReply(500, "Internal Server Error", "response_payload_too_large"));
  }

  private pickUpstream(request: UpstreamRequest): UpstreamHandler | null {
    const routes = this.options.routes;
    if (routes) {
      const value = request.headers[routes.header.toLowerCase()];
      const handler = value === undefined ? undefined : routes.upstreams[value];
      if (handler) {
        this.upstreamName = value!;
        return handler;
      }
      if (!this.options.upstream) return null;
    }
    this.upstreamName = "upstream";
    return this.options.upstream ?? echoUpstream;
  }

  private callUpstream(): void {
    if (this.upstreamCalled || this.completed || this.localReplied) return;
    this.upstreamCalled = true;
    const request = toUpstreamRequest(this.requestHeaders, this.upstreamBody.take(), this.upstreamTrailers, this.requestId);
    const handler = this.pickUpstream(request);
    if (handler === null) {
      this.localReply(textReply(404, "", "route_not_found"));
      return;
    }
    this.upstreamRequest = request;
    let response: UpstreamAnswer | Promise<UpstreamAnswer>;
    try {
      // The echo upstream's own answer defers its JSON until something reads it.
      response = handler === echoUpstream ? echoAnswer(request) : handler(request);
    } catch (error) {
      this.fail(error);
      return;
    }
    if (response instanceof Promise) {
      this.env.dispatcher.track(response).then(
        (answer) => this.env.dispatcher.run(() => this.receiveUpstreamResponse(answer)),
        (error) => this.fail(error),
      );
    } else {
      // The answer crosses the network in Envoy: work the filters posted meanwhile (queue notifications) runs first.
      const answer = response;
      this.env.dispatcher.post(() => this.receiveUpstreamResponse(answer));
    }
  }

  private fail(error: unknown): void {
    if (this.completed) return;
    this.completed = true;
    this.finish({ error: new EmulatorError("E_UPSTREAM_FAILED", `the upstream handler threw: ${(error as Error)?.message ?? String(error)}`, { cause: error }) });
  }

  private receiveUpstreamResponse(answer: UpstreamAnswer): void {
    if (this.completed || this.localReplied) return;
    const chunks = answerChunks(answer.body);
    const trailers = answer.trailers ? HeaderMap.from(answer.trailers) : null;
    const headers = responseHeaderMap(answer, chunks.reduce((sum, chunk) => sum + chunk.length, 0));
    this.responseCode = answer.status ?? 200;
    this.details = "via_upstream";
    this.finalResponseHeaders = headers;
    this.response = new FilterIteration(this.reversedFilters(), new ResponseHooks(this), new DownstreamSink(this), this.bufferLimit);
    this.response.sendHeaders(headers, chunks.length === 0 && trailers === null);
    sendBody(this.response, chunks, trailers === null);
    if (trailers) this.response.sendTrailers(trailers);
  }

  private reversedFilters(): HttpFilterContext[] {
    return this.filters.length === 1 ? this.filters : [...this.filters].reverse();
  }

  /**
   * A local reply: through the response path of the chain while no response
   * has started; straight to the client once one has; a reset once the
   * client already has response headers.
   */
  private localReply(spec: LocalReplySpec): void {
    if (this.completed) return;
    const reply = buildLocalReply(spec, this.isGrpc);
    this.localReplied = true;
    this.responseCode = spec.status;
    this.details = spec.details;
    this.request.aborted = true;
    if (this.response === null) {
      this.finalResponseHeaders = reply.headers;
      this.response = new FilterIteration(this.reversedFilters(), new ResponseHooks(this), new DownstreamSink(this), this.bufferLimit);
      this.response.sendHeaders(reply.headers, reply.body.length === 0);
      if (reply.body.length > 0) this.response.sendData(reply.body, true);
      return;
    }
    if (this.downstreamHeadersSent) {
      this.reset(spec.details);
      return;
    }
    this.response.aborted = true;
    this.downstreamBody.clear();
    this.responseBodyBytesSent = 0;
    this.downstreamHeaders(reply.headers, reply.body.length === 0);
    if (reply.body.length > 0) this.downstreamData(reply.body, true);
  }

  private complete(): void {
    if (this.completed) return;
    this.completed = true;
    for (const filter of this.filters) filter.onLog();
    for (const filter of this.filters) filter.destroy();
    this.finish({ result: this.clientView() });
  }

  private clientView(): ExchangeResult {
    return new ClientResponse(this.downstreamHeadersSent ? this.finalResponseHeaders : null, this.downstreamBody.takeChunk(), this.finalResponseTrailers, {
      upstreamRequest: this.upstreamRequest,
      localReply: this.localReplied,
      trapped: this.trapped,
      reset: this.wasReset,
      details: this.details,
    });
  }
}


function textReply(status: number, body: string, details: string): LocalReplySpec {
  return { status, body: Buffer.from(body, "utf8"), headers: [], grpcStatus: -1, details };
}

/**
 * Delivers a body as Envoy's HTTP/1 codec does: every chunk as it arrives,
 * then, when the message ends there, an empty chunk that carries
 * end_of_stream (the codec learns the end after the last bytes).
 */
function sendBody(iteration: FilterIteration, chunks: readonly Chunk[], endsStream: boolean): void {
  for (const chunk of chunks) iteration.sendData(chunk, false);
  if (endsStream && chunks.length > 0) iteration.sendData(new Uint8Array(0), true);
}
