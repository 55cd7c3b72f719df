/**
 * HTTP callouts (`proxy_http_call`) answered by test handlers per cluster, or
 * forwarded to a real server. As in Envoy: the call belongs to the root
 * context, which receives `proxy_on_http_call_response` (SDKs route it back
 * to the stream with `proxy_set_effective_context`); the answer never
 * arrives inside the hostcall; a timeout answers 504 "upstream request
 * timeout"; a connection failure gives a response with no headers and status
 * BROKEN_CONNECTION. Tokens are per VM: each VM's hostcalls get a session.
 */
import { Status } from "../abi/enums.ts";
import type { PairList } from "../abi/pairs.ts";
import { BodyBuffer } from "../core/body-buffer.ts";
import type { TimerHandle, VirtualClock } from "../core/clock.ts";
import type { Dispatcher } from "../core/dispatcher.ts";
import { type HeaderInput, HeaderMap } from "../core/header-map.ts";
import { type BodyInput, bodyChunks } from "../core/upstream.ts";
import type { CalloutReceiver, CalloutsPort } from "../hostcalls/ports.ts";

export interface CalloutRequest {
  cluster: string;
  method: string;
  path: string;
  authority: string;
  /** Regular headers, lower-cased (no pseudo-headers). */
  headers: Record<string, string>;
  headerList: Array<[string, string]>;
  body: string;
  bodyBytes: Uint8Array;
  trailers: Record<string, string> | null;
  /** 0 means no timeout. */
  timeoutMs: number;
}

export interface CalloutResponse {
  /** @default 200 */
  status?: number;
  headers?: HeaderInput;
  body?: BodyInput;
  trailers?: HeaderInput;
  /** Virtual milliseconds before the answer arrives (a timeout can win). @default 0 */
  delayMs?: number;
  /** Emulate a connection failure: the module sees no headers and `proxy_get_status` BROKEN_CONNECTION. */
  reset?: boolean;
}

export type CalloutHandler = (request: CalloutRequest) => CalloutResponse | Promise<CalloutResponse>;
/** A handler, or the base URL of a real server (`http://127.0.0.1:8080`) to forward to. */
export type CalloutTarget = CalloutHandler | string;

interface PendingCallout {
  receiver: CalloutReceiver;
  token: number;
  done: boolean;
  timer: TimerHandle | null;
}

const TIMEOUT_RESPONSE: CalloutResponse = { status: 504, headers: { "content-type": "text/plain" }, body: "upstream request timeout" };

async function forward(baseUrl: string, request: CalloutRequest): Promise<CalloutResponse> {
  const init: RequestInit = { method: request.method, headers: request.headers };
  if (request.bodyBytes.length > 0) init.body = request.bodyBytes;
  const response = await fetch(new URL(request.path, baseUrl), init);
  const headers: Array<[string, string]> = [];
  response.headers.forEach((value, key) => headers.push([key, value]));
  return { status: response.status, headers, body: new Uint8Array(await response.arrayBuffer()) };
}

export class HttpCallouts {
  readonly targets = new Map<string, CalloutTarget>();
  /** Every callout made, in order. */
  readonly sent: CalloutRequest[] = [];

  constructor(
    private readonly clock: VirtualClock,
    private readonly dispatcher: Dispatcher,
  ) {}

  /** The callouts of one VM, with its own tokens. */
  session(): CalloutsPort {
    let lastToken = 0;
    return { start: (receiver, cluster, headers, body, trailers, timeoutMs) => this.start(receiver, ++lastToken, cluster, headers, body, trailers, timeoutMs) };
  }

  private start(receiver: CalloutReceiver, token: number, cluster: string, headerPairs: PairList, body: Uint8Array, trailerPairs: PairList, timeoutMs: number): { status: Status; token: number } {
    const target = this.targets.get(cluster);
    if (target === undefined || timeoutMs < 0) return { status: Status.BAD_ARGUMENT, token: 0 };
    const headers = new HeaderMap();
    headers.setAll(headerPairs.keys, headerPairs.values);
    if (!headers.has(":path") || !headers.has(":method") || !headers.has(":authority")) return { status: Status.BAD_ARGUMENT, token: 0 };
    if (body.length > 0) headers.replace("content-length", String(body.length));
    const trailers = trailerPairs.keys.length > 0 ? new HeaderMap() : null;
    trailers?.setAll(trailerPairs.keys, trailerPairs.values);
    const pending: PendingCallout = { receiver, token, done: false, timer: null };
    if (timeoutMs > 0) pending.timer = this.clock.schedule(timeoutMs, () => this.deliver(pending, TIMEOUT_RESPONSE));
    const request: CalloutRequest = {
      cluster,
      method: headers.get(":method")!,
      path: headers.get(":path")!,
      authority: headers.get(":authority")!,
      headers: headers.toRecord(),
      headerList: headers.toList(),
      body: Buffer.from(body).toString("utf8"),
      bodyBytes: body,
      trailers: trailers ? trailers.toRecord() : null,
      timeoutMs,
    };
    this.sent.push(request);
    this.dispatcher.post(() => this.invoke(target, request, pending));
    return { status: Status.OK, token: pending.token };
  }

  private invoke(target: CalloutTarget, request: CalloutRequest, pending: PendingCallout): void {
    let answer: CalloutResponse | Promise<CalloutResponse>;
    try {
      answer = typeof target === "string" ? forward(target, request) : target(request);
    } catch (error) {
      this.handlerFailed(request, pending, error);
      return;
    }
    if (!(answer instanceof Promise)) return this.deliverAfterDelay(pending, answer);
    this.dispatcher.track(answer).then(
      (response) => this.dispatcher.run(() => this.deliverAfterDelay(pending, response)),
      (error) => this.dispatcher.run(() => this.handlerFailed(request, pending, error)),
    );
  }

  private handlerFailed(request: CalloutRequest, pending: PendingCallout, error: unknown): void {
    pending.receiver.hostLog("error", `http callout to cluster "${request.cluster}" failed: ${(error as Error)?.message ?? String(error)}`);
    this.deliver(pending, { reset: true });
  }

  private deliverAfterDelay(pending: PendingCallout, response: CalloutResponse): void {
    if (response.delayMs && response.delayMs > 0) this.clock.schedule(response.delayMs, () => this.deliver(pending, response));
    else this.deliver(pending, response);
  }

  private deliver(pending: PendingCallout, response: CalloutResponse): void {
    if (pending.done) return;
    pending.done = true;
    pending.timer?.cancel();
    if (response.reset) {
      pending.receiver.deliverHttpCallResponse(pending.token, null);
      return;
    }
    const body = new BodyBuffer(undefined, true);
    for (const chunk of bodyChunks(response.body)) body.append(chunk);
    const headers = HeaderMap.from(response.headers);
    headers.remove(":status");
    headers.add(":status", String(response.status ?? 200));
    if (body.length > 0 && !headers.has("content-length")) headers.add("content-length", String(body.length));
    pending.receiver.deliverHttpCallResponse(pending.token, { headers, body, trailers: HeaderMap.from(response.trailers) });
  }
}
