// gRPC checks (opt-in with `x-conformance-grpc: 1` and a configured
// grpcCluster served by a real gRPC server with the Conformance service:
// `Echo` answers its request, `EchoStream` echoes each message and ends when
// the client does). One after the other, so the observations come in one
// order on every host: a call to an unknown cluster (refused), a call that is
// cancelled at once (no callback), a unary call; once it answered, a stream
// whose one message ends the module's side (`proxy_grpc_send` with
// end_of_stream), and a stream closed at once (`proxy_grpc_close`: the SDK
// drops its handler, so nothing more is observed of it); once the first
// stream ended, the request goes on. Without a server behind the cluster the
// calls end in `proxy_on_grpc_close` with a non-OK status, and the request
// goes on too.

import {
  GrpcHandler,
  GrpcStatus,
  HeaderPair,
  continueRequest,
  grpcCall,
  grpcCancel,
  grpcClose,
  grpcReceiveInitialMetadata,
  grpcReceiveTrailingMetadata,
  grpcSend,
  grpcStream,
} from "@envoyscript/sdk/assembly";
import { Observer, observe, show } from "./observe";
import { ConformanceRoot } from "./root";

const SERVICE = "envoyscript.conformance.v1.Conformance";
const MESSAGE = "conformance";

function metadata(): HeaderPair[] {
  return [new HeaderPair("x-conformance", "grpc")];
}

class ObservingGrpcHandler extends GrpcHandler {
  constructor(protected readonly label: string, protected readonly checks: Observer) {
    super();
  }
  onGrpcReceiveInitialMetadata(token: u32, headerCount: u32): void {
    observe("proxy_on_grpc_receive_initial_metadata(" + this.label + ")", "content-type=" + (grpcReceiveInitialMetadata.get("content-type") !== null ? "present" : "absent"));
  }
  onGrpcReceive(token: u32, message: ArrayBuffer): void {
    this.checks.expect("proxy_on_grpc_receive(" + this.label + ")", show(String.UTF8.decode(message)), show(MESSAGE));
  }
  onGrpcReceiveTrailingMetadata(token: u32, trailerCount: u32): void {
    observe("proxy_on_grpc_receive_trailing_metadata(" + this.label + ")", "count=" + trailerCount.toString() + " grpc-status=" + show(grpcReceiveTrailingMetadata.get("grpc-status")));
  }
  onGrpcClose(token: u32, status: GrpcStatus, message: string): void {
    observe("proxy_on_grpc_close(" + this.label + ")", status == GrpcStatus.Ok ? "OK" : "not OK");
  }
}

/** The unary call: once answered, opens the stream; once failed, lets the request go on. */
class UnaryStep extends ObservingGrpcHandler {
  constructor(private readonly cluster: string, checks: Observer) {
    super("call", checks);
  }
  onGrpcReceive(token: u32, message: ArrayBuffer): void {
    super.onGrpcReceive(token, message);
    if (!startStream(this.cluster, this.checks)) resume(this.checks);
  }
  onGrpcClose(token: u32, status: GrpcStatus, message: string): void {
    super.onGrpcClose(token, status, message);
    resume(this.checks);
  }
}

/** The stream: once it ended, lets the request go on. */
class StreamStep extends ObservingGrpcHandler {
  constructor(checks: Observer) {
    super("stream", checks);
  }
  onGrpcClose(token: u32, status: GrpcStatus, message: string): void {
    super.onGrpcClose(token, status, message);
    observe("proxy_grpc_close(after the remote close)", grpcClose(token) ? "OK" : "NOT_FOUND");
    resume(this.checks);
  }
}

/** Starts the checks; true when the request must wait for them (resumed by `proxy_continue_stream`). */
export function startGrpcChecks(root: ConformanceRoot, checks: Observer): bool {
  const message = String.UTF8.encode(MESSAGE);
  const missing = grpcCall("envoyscript-no-such-cluster", SERVICE, "Echo", metadata(), message, 1000, new ObservingGrpcHandler("missing", checks));
  checks.expect("proxy_grpc_call(unknown cluster)", missing == 0 ? "refused" : "OK", "refused");
  const cluster = root.config.grpcCluster;
  if (cluster.length == 0) {
    observe("proxy_grpc_call", "skipped (no grpcCluster configured)");
    return false;
  }
  const cancelled = grpcCall(cluster, SERVICE, "Echo", metadata(), message, 5000, new ObservingGrpcHandler("cancelled", checks));
  checks.expect("proxy_grpc_cancel", cancelled != 0 && grpcCancel(cancelled) ? "OK" : "failed", "OK");
  const call = grpcCall(cluster, SERVICE, "Echo", metadata(), message, 5000, new UnaryStep(cluster, checks));
  checks.expect("proxy_grpc_call", call != 0 ? "OK" : "refused", "OK");
  return call != 0;
}

/** Opens the stream, sends one message and closes the module's side; false when the host refused the stream. */
function startStream(cluster: string, checks: Observer): bool {
  const stream = grpcStream(cluster, SERVICE, "EchoStream", metadata(), new StreamStep(checks));
  checks.expect("proxy_grpc_stream", stream != 0 ? "OK" : "refused", "OK");
  if (stream == 0) return false;
  checks.expect("proxy_grpc_send(end_of_stream)", grpcSend(stream, String.UTF8.encode(MESSAGE), true) ? "OK" : "NOT_FOUND", "OK");
  const closed = grpcStream(cluster, SERVICE, "EchoStream", metadata(), new ObservingGrpcHandler("closed", checks));
  checks.expect("proxy_grpc_close", closed != 0 && grpcClose(closed) ? "OK" : "failed", "OK");
  return true;
}

function resume(checks: Observer): void {
  checks.expect("proxy_continue_stream(request, after gRPC)", continueRequest() ? "OK" : "NOT_FOUND", "OK");
}
