/**
 * A gRPC cluster served by a real gRPC server (plaintext HTTP/2 on
 * loopback, like an Envoy cluster with http2 protocol options): the calls
 * and streams a module makes go to it over HTTP/2 with gRPC's framing, and
 * what comes back reaches the module as Envoy's gRPC client hands it over:
 * the response headers as initial metadata (`:status` and `content-type`
 * included), each message, the trailers (`grpc-status` included) as trailing
 * metadata, then the close; a trailers-only answer as empty initial metadata
 * then the trailers; a non-200 answer as a close with the status mapped from
 * HTTP (Envoy's `AsyncStreamImpl::onHeaders`).
 *
 * Why node:http2 and not @grpc/grpc-js's client: its API hands over metadata
 * with the transport's own headers taken out (`content-type`, `grpc-status`,
 * `grpc-message`...), which Envoy gives the module; the module must see the
 * same maps on both backends. The framing itself is five bytes per message.
 */
import http2 from "node:http2";
import { GrpcStatus } from "../abi/enums.ts";
import type { Dispatcher } from "../core/dispatcher.ts";
import { httpToGrpcStatus } from "../core/local-reply.ts";
import type { GrpcHandler, GrpcReply, GrpcStreamPeer, GrpcUnaryCall } from "./grpc-callouts.ts";

type Headers = Array<[string, string]>;

/** What a gRPC exchange delivered: Envoy's order of events. */
interface ExchangeEvents {
  initialMetadata(headers: Headers): void;
  message(message: Uint8Array): void;
  trailingMetadata(trailers: Headers): void;
  close(status: number, message: string): void;
}

/** Forwards a cluster's gRPC calls and streams to the server at `address` (`host:port`). */
export class GrpcForwarder implements GrpcHandler {
  private session: http2.ClientHttp2Session | null = null;
  /** Streams open on the session: while there are any, the connection keeps the process alive. */
  private openStreams = 0;

  constructor(
    readonly address: string,
    private readonly dispatcher: Dispatcher,
  ) {}

  readonly call = (call: GrpcUnaryCall): Promise<GrpcReply> =>
    new Promise((resolve) => {
      const messages: Uint8Array[] = [];
      const stream = this.open(call.service, call.method, call.initialMetadata, {
        initialMetadata: () => {},
        message: (message) => messages.push(message),
        trailingMetadata: () => {},
        close: (status, message) => {
          // Envoy's unary client: success needs status OK and exactly one message.
          if (status !== GrpcStatus.OK) resolve({ status, message });
          else if (messages.length !== 1) resolve({ status: GrpcStatus.INTERNAL, message: `expected one response message, got ${messages.length}` });
          else resolve({ response: messages[0] });
        },
      });
      stream.end(frame(call.message));
    });

  readonly stream = (peer: GrpcStreamPeer): void => {
    let finished!: () => void;
    // The stream is in-flight work until the server closes it: virtual time waits for it.
    void this.dispatcher.track(new Promise<void>((resolve) => (finished = resolve)));
    let trailing: Headers | undefined;
    const stream = this.open(peer.service, peer.method, peer.initialMetadata, {
      initialMetadata: (headers) => peer.sendInitialMetadata(headers),
      message: (message) => peer.send(message),
      trailingMetadata: (trailers) => (trailing = trailers),
      close: (status, message) => {
        peer.close(status, message, trailing);
        finished();
      },
    });
    peer.onMessage((message) => stream.write(frame(message)));
    peer.onClose((how) => (how === "close" ? stream.end() : stream.close(http2.constants.NGHTTP2_CANCEL)));
  };

  /** Closes the connection to the server. */
  close(): void {
    this.session?.close();
    this.session = null;
  }

  private connection(): http2.ClientHttp2Session {
    if (this.session === null || this.session.closed || this.session.destroyed) {
      this.session = http2.connect(`http://${this.address}`);
      this.session.on("error", () => {}); // each stream reports its own failure
      this.session.unref(); // an idle connection must not keep the process alive
    }
    return this.session;
  }

  private open(service: string, method: string, metadata: Record<string, string>, events: ExchangeEvents): http2.ClientHttp2Stream {
    const session = this.connection();
    if (this.openStreams++ === 0) session.ref();
    const stream = session.request({
      ...metadata,
      ":method": "POST",
      ":path": `/${service}/${method}`,
      "content-type": "application/grpc",
      te: "trailers",
    });
    let closed = false;
    const close = (status: number, message: string): void => {
      if (closed) return;
      closed = true;
      if (--this.openStreams === 0) session.unref();
      events.close(status, message);
    };
    let pending = Buffer.alloc(0);
    stream.on("response", (headers, flags) => {
      const list = headerList(headers);
      const status = Number(headers[":status"]);
      const endsStream = (flags & http2.constants.NGHTTP2_FLAG_END_STREAM) !== 0;
      events.initialMetadata(endsStream ? [] : list);
      if (status !== 200) return close(httpToGrpcStatus(status), `upstream answered HTTP ${status}`);
      if (endsStream) trailersReceived(list);
    });
    const trailersReceived = (list: Headers): void => {
      events.trailingMetadata(list);
      const found = list.find(([key]) => key === "grpc-status");
      const message = list.find(([key]) => key === "grpc-message");
      close(found ? Number(found[1]) : GrpcStatus.UNKNOWN, message ? decodeURIComponent(message[1]) : "");
    };
    stream.on("data", (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 5 && pending.length >= 5 + pending.readUInt32BE(1)) {
        const length = pending.readUInt32BE(1);
        events.message(new Uint8Array(pending.subarray(5, 5 + length)));
        pending = pending.subarray(5 + length);
      }
    });
    stream.on("trailers", (trailers) => trailersReceived(headerList(trailers)));
    stream.on("error", (error) => close(GrpcStatus.UNAVAILABLE, error.message));
    stream.on("close", () => close(GrpcStatus.UNAVAILABLE, "the stream closed without a gRPC status"));
    return stream;
  }
}

/** A gRPC message frame: not compressed, length, bytes. */
function frame(message: Uint8Array): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(message.length, 1);
  return Buffer.concat([header, message]);
}

function headerList(headers: http2.IncomingHttpHeaders): Headers {
  const list: Headers = [];
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) list.push([key, String(item)]);
  }
  return list;
}
