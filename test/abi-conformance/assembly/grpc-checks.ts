// gRPC checks (opt-in with `x-conformance-grpc: 1` and a configured
// grpcCluster): a unary call, a stream with send + close, a cancelled call,
// and a call to an unknown cluster. Without a gRPC server behind the cluster
// the calls end in `proxy_on_grpc_close` with a non-OK status.

import {
  GrpcHandler,
  GrpcStatus,
  HeaderPair,
  grpcCall,
  grpcCancel,
  grpcClose,
  grpcReceiveInitialMetadata,
  grpcSend,
  grpcStream,
} from "@envoyscript/sdk/assembly";
import { Observer, observe } from "./observe";
import { ConformanceRoot } from "./root";

const SERVICE = "envoyscript.conformance.v1.Conformance";

class ObservingGrpcHandler extends GrpcHandler {
  constructor(private readonly label: string) {
    super();
  }
  onGrpcReceiveInitialMetadata(token: u32, headerCount: u32): void {
    observe("proxy_on_grpc_receive_initial_metadata(" + this.label + ")", "content-type=" + (grpcReceiveInitialMetadata.get("content-type") !== null ? "present" : "absent"));
  }
  onGrpcReceive(token: u32, message: ArrayBuffer): void {
    observe("proxy_on_grpc_receive(" + this.label + ")", "bytes=" + message.byteLength.toString());
  }
  onGrpcReceiveTrailingMetadata(token: u32, trailerCount: u32): void {
    observe("proxy_on_grpc_receive_trailing_metadata(" + this.label + ")", "count=" + trailerCount.toString());
  }
  onGrpcClose(token: u32, status: GrpcStatus, message: string): void {
    observe("proxy_on_grpc_close(" + this.label + ")", status == GrpcStatus.Ok ? "OK" : "not OK");
  }
}

export function startGrpcChecks(root: ConformanceRoot, checks: Observer): void {
  const metadata: HeaderPair[] = [new HeaderPair("x-conformance", "grpc")];
  const message = String.UTF8.encode("conformance");
  const missing = grpcCall("envoyscript-no-such-cluster", SERVICE, "Echo", metadata, message, 1000, new ObservingGrpcHandler("missing"));
  checks.expect("proxy_grpc_call(unknown cluster)", missing == 0 ? "refused" : "OK", "refused");
  const cluster = root.config.grpcCluster;
  if (cluster.length == 0) {
    observe("proxy_grpc_call", "skipped (no grpcCluster configured)");
    return;
  }
  const call = grpcCall(cluster, SERVICE, "Echo", metadata, message, 5000, new ObservingGrpcHandler("call"));
  checks.expect("proxy_grpc_call", call != 0 ? "OK" : "refused", "OK");
  const cancelled = grpcCall(cluster, SERVICE, "Echo", metadata, message, 5000, new ObservingGrpcHandler("cancelled"));
  checks.expect("proxy_grpc_cancel", cancelled != 0 && grpcCancel(cancelled) ? "OK" : "failed", "OK");
  const stream = grpcStream(cluster, SERVICE, "EchoStream", metadata, new ObservingGrpcHandler("stream"));
  checks.expect("proxy_grpc_stream", stream != 0 ? "OK" : "refused", "OK");
  if (stream == 0) return;
  checks.expect("proxy_grpc_send", grpcSend(stream, message, false) ? "OK" : "NOT_FOUND", "OK");
  checks.expect("proxy_grpc_close", grpcClose(stream) ? "OK" : "NOT_FOUND", "OK");
}
