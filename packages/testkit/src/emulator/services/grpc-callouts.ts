/**
 * gRPC calls and streams (`proxy_grpc_call`, `proxy_grpc_stream`, `_send`,
 * `_cancel`, `_close`) answered by test handlers per cluster. Envoy's
 * delivery rules: a unary call that succeeds gets only `proxy_on_grpc_receive`;
 * one that fails (or times out: DEADLINE_EXCEEDED) only `proxy_on_grpc_close`
 * with the status readable through `proxy_get_status`. A stream gets
 * initial metadata, messages, trailing metadata and close as the handler
 * sends them. Tokens are per VM (each VM's hostcalls get a session): calls
 * odd, streams even. `proxy_grpc_close` on a stream half-closes it and the
 * events go on; the token stays valid until both the module closed it and
 * the stream ended (Envoy's `local_closed_` / `remote_closed_`).
 */
import { GrpcStatus, Status } from "../abi/enums.ts";
import type { PairList } from "../abi/pairs.ts";
import { decodeGrpcServiceCluster } from "../abi/protobuf.ts";
import type { TimerHandle, VirtualClock } from "../core/clock.ts";
import type { Dispatcher } from "../core/dispatcher.ts";
import { type HeaderInput, HeaderMap } from "../core/header-map.ts";
import type { GrpcPort, GrpcReceiver } from "../hostcalls/ports.ts";

export interface GrpcCallInfo {
  cluster: string;
  service: string;
  method: string;
  initialMetadata: Record<string, string>;
}

export interface GrpcUnaryCall extends GrpcCallInfo {
  message: Uint8Array;
  timeoutMs: number;
}

export interface GrpcReply {
  /** gRPC status; anything but 0 fails the call. @default 0 */
  status?: number;
  /** grpc-message for a failure. */
  message?: string;
  response?: Uint8Array | string;
  /** Virtual milliseconds before the answer arrives. @default 0 */
  delayMs?: number;
}

/** The test's end of a gRPC stream a module opened. */
export interface GrpcStreamPeer extends GrpcCallInfo {
  /** Messages the module sent so far. */
  readonly received: Uint8Array[];
  /** Called for every message the module sends. */
  onMessage(listener: (message: Uint8Array) => void): void;
  /** Called when the module closes its side (`proxy_grpc_close`) or cancels (`proxy_grpc_cancel`). */
  onClose(listener: (how: "close" | "cancel") => void): void;
  sendInitialMetadata(metadata: HeaderInput): void;
  send(message: Uint8Array | string): void;
  close(status?: number, message?: string, trailingMetadata?: HeaderInput): void;
}

export interface GrpcHandler {
  call?: (call: GrpcUnaryCall) => GrpcReply | Promise<GrpcReply>;
  stream?: (peer: GrpcStreamPeer) => void;
  /** Releases what the handler holds open (called by `host.close()`). */
  close?: () => void;
}

/** A cluster's gRPC service: a handler, or the `host:port` of a real gRPC server (plaintext HTTP/2) to forward to. */
export type GrpcTarget = GrpcHandler | string;

interface Pending {
  receiver: GrpcReceiver;
  token: number;
  /** No more events reach the module. */
  done: boolean;
  timer: TimerHandle | null;
  peer?: StreamPeer;
  /** The module called `proxy_grpc_close` on the stream. */
  closedByModule?: boolean;
}

class StreamPeer implements GrpcStreamPeer {
  readonly cluster: string;
  readonly service: string;
  readonly method: string;
  readonly initialMetadata: Record<string, string>;
  readonly received: Uint8Array[] = [];
  messageListeners: Array<(message: Uint8Array) => void> = [];
  closeListeners: Array<(how: "close" | "cancel") => void> = [];
  /** The server ended the stream. */
  remoteClosed = false;
  /** The module's side is closed (end of stream sent, or `proxy_grpc_close`). */
  halfClosed = false;

  constructor(
    info: GrpcCallInfo,
    private readonly session: GrpcSession,
    private readonly pending: Pending,
  ) {
    this.cluster = info.cluster;
    this.service = info.service;
    this.method = info.method;
    this.initialMetadata = info.initialMetadata;
  }

  onMessage(listener: (message: Uint8Array) => void): void {
    this.messageListeners.push(listener);
  }
  onClose(listener: (how: "close" | "cancel") => void): void {
    this.closeListeners.push(listener);
  }
  sendInitialMetadata(metadata: HeaderInput): void {
    this.session.post(() => this.session.deliverMetadata(this.pending, HeaderMap.from(metadata), "initial"));
  }
  send(message: Uint8Array | string): void {
    this.session.post(() => this.session.deliverMessage(this.pending, typeof message === "string" ? Buffer.from(message) : message));
  }
  close(status = 0, message = "", trailingMetadata?: HeaderInput): void {
    this.session.post(() => {
      if (trailingMetadata) this.session.deliverMetadata(this.pending, HeaderMap.from(trailingMetadata), "trailing");
      this.session.deliverClose(this.pending, status, message);
    });
  }
}

/** The gRPC services of the emulated Envoy, by cluster name. */
export class GrpcCallouts {
  readonly handlers = new Map<string, GrpcHandler>();

  constructor(
    readonly clock: VirtualClock,
    readonly dispatcher: Dispatcher,
  ) {}

  register(cluster: string, handler: GrpcHandler): void {
    this.handlers.get(cluster)?.close?.();
    this.handlers.set(cluster, handler);
  }

  /** Closes the connections to real gRPC servers. */
  close(): void {
    for (const handler of this.handlers.values()) handler.close?.();
  }

  /** The calls and streams of one VM, with its own tokens. */
  session(): GrpcPort {
    return new GrpcSession(this);
  }

  /** The cluster a `grpc_service` argument names: a plain cluster name, or a serialised GrpcService. */
  cluster(service: Uint8Array): string | null {
    const name = Buffer.from(service).toString("utf8");
    if (this.handlers.has(name)) return name;
    return decodeGrpcServiceCluster(service);
  }
}

class GrpcSession implements GrpcPort {
  private readonly pending = new Map<number, Pending>();
  private lastCallToken = -1;
  private lastStreamToken = 0;

  constructor(private readonly services: GrpcCallouts) {}

  post(task: () => void): void {
    this.services.dispatcher.post(task);
  }

  call(receiver: GrpcReceiver, service: Uint8Array, serviceName: string, method: string, metadata: PairList, message: Uint8Array, timeoutMs: number): { status: Status; token: number } {
    const cluster = this.services.cluster(service);
    if (cluster === null) return { status: Status.PARSE_FAILURE, token: 0 };
    this.lastCallToken += 2;
    const pending: Pending = { receiver, token: this.lastCallToken, done: false, timer: null };
    this.pending.set(pending.token, pending);
    if (timeoutMs > 0) pending.timer = this.services.clock.schedule(timeoutMs, () => this.deliverClose(pending, GrpcStatus.DEADLINE_EXCEEDED, "timeout"));
    const handler = this.services.handlers.get(cluster)?.call;
    const call: GrpcUnaryCall = { cluster, service: serviceName, method, initialMetadata: recordOf(metadata), message, timeoutMs };
    this.post(() => {
      if (pending.done) return; // cancelled before it left
      if (!handler) return this.deliverClose(pending, GrpcStatus.UNAVAILABLE, `no gRPC handler for cluster "${cluster}"`);
      let reply: GrpcReply | Promise<GrpcReply>;
      try {
        reply = handler(call);
      } catch (error) {
        return this.deliverClose(pending, GrpcStatus.UNKNOWN, String((error as Error)?.message ?? error));
      }
      if (!(reply instanceof Promise)) return this.answer(pending, reply);
      const dispatcher = this.services.dispatcher;
      dispatcher.track(reply).then(
        (value) => dispatcher.run(() => this.answer(pending, value)),
        (error) => dispatcher.run(() => this.deliverClose(pending, GrpcStatus.UNKNOWN, String(error?.message ?? error))),
      );
    });
    return { status: Status.OK, token: pending.token };
  }

  stream(receiver: GrpcReceiver, service: Uint8Array, serviceName: string, method: string, metadata: PairList): { status: Status; token: number } {
    const cluster = this.services.cluster(service);
    if (cluster === null) return { status: Status.PARSE_FAILURE, token: 0 };
    this.lastStreamToken += 2;
    const pending: Pending = { receiver, token: this.lastStreamToken, done: false, timer: null };
    const peer = new StreamPeer({ cluster, service: serviceName, method, initialMetadata: recordOf(metadata) }, this, pending);
    pending.peer = peer;
    this.pending.set(pending.token, pending);
    const handler = this.services.handlers.get(cluster)?.stream;
    this.post(() => {
      if (pending.done) return; // cancelled before it left
      if (handler) handler(peer);
      else this.deliverClose(pending, GrpcStatus.UNAVAILABLE, `no gRPC stream handler for cluster "${cluster}"`);
    });
    return { status: Status.OK, token: pending.token };
  }

  send(token: number, message: Uint8Array, endOfStream: boolean): Status {
    if (token % 2 !== 0) return Status.BAD_ARGUMENT;
    const pending = this.pending.get(token);
    if (!pending?.peer) return Status.NOT_FOUND;
    const peer = pending.peer;
    this.post(() => {
      peer.received.push(message);
      for (const listener of peer.messageListeners) listener(message);
      if (endOfStream) this.halfClose(peer);
    });
    return Status.OK;
  }

  cancel(token: number): Status {
    const pending = this.pending.get(token);
    if (!pending) return Status.NOT_FOUND;
    this.finish(pending);
    if (pending.peer) this.post(() => pending.peer!.closeListeners.forEach((listener) => listener("cancel")));
    return Status.OK;
  }

  close(token: number): Status {
    const pending = this.pending.get(token);
    if (!pending) return Status.NOT_FOUND;
    const peer = pending.peer;
    if (!peer || peer.remoteClosed) {
      this.finish(pending);
    } else {
      pending.closedByModule = true;
    }
    if (peer) this.post(() => this.halfClose(peer));
    return Status.OK;
  }

  private halfClose(peer: StreamPeer): void {
    if (peer.halfClosed) return;
    peer.halfClosed = true;
    for (const listener of peer.closeListeners) listener("close");
  }

  private finish(pending: Pending): void {
    pending.done = true;
    pending.timer?.cancel();
    this.pending.delete(pending.token);
  }

  private answer(pending: Pending, reply: GrpcReply): void {
    if (reply.delayMs && reply.delayMs > 0) {
      this.services.clock.schedule(reply.delayMs, () => this.answer(pending, { ...reply, delayMs: 0 }));
      return;
    }
    if ((reply.status ?? 0) !== 0) return this.deliverClose(pending, reply.status!, reply.message ?? "");
    const response = reply.response ?? new Uint8Array(0);
    this.deliverMessage(pending, typeof response === "string" ? Buffer.from(response) : response);
    this.finish(pending);
  }

  deliverMessage(pending: Pending, message: Uint8Array): void {
    if (!pending.done) pending.receiver.deliverGrpcMessage(pending.token, message);
  }

  deliverMetadata(pending: Pending, metadata: HeaderMap, which: "initial" | "trailing"): void {
    if (pending.done) return;
    if (which === "initial") pending.receiver.deliverGrpcInitialMetadata(pending.token, metadata);
    else pending.receiver.deliverGrpcTrailingMetadata(pending.token, metadata);
  }

  deliverClose(pending: Pending, status: number, message: string): void {
    if (pending.done) return;
    if (pending.peer === undefined || pending.closedByModule) this.finish(pending);
    else pending.done = true;
    if (pending.peer) pending.peer.remoteClosed = true;
    pending.timer?.cancel();
    pending.receiver.deliverGrpcClose(pending.token, status, message);
  }
}

function recordOf(pairs: PairList): Record<string, string> {
  const map = new HeaderMap();
  map.setAll(pairs.keys, pairs.values);
  return map.toRecord(true);
}
