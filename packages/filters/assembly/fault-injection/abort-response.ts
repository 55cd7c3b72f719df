// Answering an aborted request, as Envoy's fault filter does: a local reply
// with the configured status and the body "fault filter abort"; a gRPC
// request gets HTTP 200 with its grpc-status (send_local_response's
// grpc_status argument), which Envoy turns into a trailers-only gRPC answer.

import { GrpcStatus, sendLocalResponse } from "@envoyscript/sdk/assembly";
import { NO_STATUS } from "./config/config";
import { FaultPlan } from "./fault-plan";

/** Envoy's response code details for a fault abort (`%RESPONSE_CODE_DETAILS%`). */
export const ABORT_DETAILS = "fault_filter_abort";
const ABORT_BODY = "fault filter abort";

/** Sends the abort of `plan` on the effective stream. */
export function sendAbort(plan: FaultPlan): void {
  const grpcStatus = plan.abortGrpcStatus();
  sendLocalResponse(
    <u32>plan.abortHttpStatus(),
    ABORT_DETAILS,
    String.UTF8.encode(ABORT_BODY),
    [],
    grpcStatus == NO_STATUS ? GrpcStatus.None : <GrpcStatus>grpcStatus,
  );
}
