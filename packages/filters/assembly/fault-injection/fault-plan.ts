// What to do to one request that matched a rule: how long to hold it and how
// to answer it, decided once in onRequestHeaders. Istio's semantics: the
// delay and the abort are drawn independently; a request may get both (delay
// first, then abort). Header control, when enabled, replaces the rule's delay
// or abort with the one the request's headers ask for, within the caps.

import { Percentage, RequestView, sample } from "@envoyscript/sdk/assembly/matcher";
import { AbortFault, FaultRule, HeaderControl, NO_STATUS } from "./config/config";
import {
  ABORT_GRPC_HEADER,
  ABORT_HEADER,
  ABORT_PERCENTAGE_HEADER,
  DELAY_HEADER,
  DELAY_PERCENTAGE_HEADER,
  MAX_GRPC_HEADER_STATUS,
  NOT_GIVEN,
  integerHeader,
  percentageHeader,
} from "./fault-headers";

/** Largest delay header value read before capping (beyond it: invalid). */
const MAX_DELAY_HEADER: i64 = 999_999_999_999;

export class FaultPlan {
  constructor(
    /** Rule index, for logs. */
    public readonly ruleIndex: i32,
    /** Milliseconds to hold the request; 0: no delay. */
    public readonly delayMs: u32,
    /** How to answer once the delay (if any) is over; null: let the request through. */
    public readonly abort: AbortFault | null,
    /** The request is gRPC (content-type application/grpc...): abort with a gRPC status. */
    public readonly grpcRequest: bool,
  ) {}

  /** The HTTP status of the abort for this request (200 for gRPC requests, whose status travels in grpc-status). */
  abortHttpStatus(): i32 {
    const abort = this.abort;
    if (abort === null) return NO_STATUS;
    return this.grpcRequest ? 200 : abort.httpStatusForHttp();
  }

  /** The gRPC status of the abort for a gRPC request, else NO_STATUS. */
  abortGrpcStatus(): i32 {
    const abort = this.abort;
    if (abort === null || !this.grpcRequest) return NO_STATUS;
    return abort.grpcStatusForGrpc();
  }
}

/** The faults for a request that matched `rule`, or null when the draws select none. */
export function planFaults(rule: FaultRule, control: HeaderControl, view: RequestView): FaultPlan | null {
  const delayMs = drawDelay(rule, control, view);
  const abort = drawAbort(rule, control, view);
  if (delayMs == 0 && abort === null) return null;
  return new FaultPlan(rule.index, delayMs, abort, isGrpcRequest(view));
}

/** Milliseconds of delay selected for this request, 0 for none. */
function drawDelay(rule: FaultRule, control: HeaderControl, view: RequestView): u32 {
  if (control.enabled) {
    const requested = integerHeader(view, DELAY_HEADER, 0, MAX_DELAY_HEADER);
    if (requested != NOT_GIVEN) {
      const share = percentageHeader(view, DELAY_PERCENTAGE_HEADER, Percentage.ofPercent(100), control.maxPercentage);
      const delayMs = requested < <i64>control.maxDelayMs ? <u32>requested : control.maxDelayMs;
      return sample(share) ? delayMs : 0;
    }
  }
  const delay = rule.delay;
  if (delay === null || delay.delayMs == 0) return 0;
  return sample(delay.percentage) ? delay.delayMs : 0;
}

/** The abort selected for this request, or null. */
function drawAbort(rule: FaultRule, control: HeaderControl, view: RequestView): AbortFault | null {
  if (control.enabled) {
    // As in Envoy, an HTTP status header wins over a gRPC one.
    const httpStatus = integerHeader(view, ABORT_HEADER, 200, 599);
    const grpcStatus = httpStatus == NOT_GIVEN ? integerHeader(view, ABORT_GRPC_HEADER, 0, MAX_GRPC_HEADER_STATUS) : NOT_GIVEN;
    if (httpStatus != NOT_GIVEN || grpcStatus != NOT_GIVEN) {
      const share = percentageHeader(view, ABORT_PERCENTAGE_HEADER, Percentage.ofPercent(100), control.maxPercentage);
      if (!sample(share)) return null;
      return new AbortFault(
        httpStatus == NOT_GIVEN ? NO_STATUS : <i32>httpStatus,
        grpcStatus == NOT_GIVEN ? NO_STATUS : <i32>grpcStatus,
        share,
      );
    }
  }
  const abort = rule.abort;
  if (abort === null) return null;
  return sample(abort.percentage) ? abort : null;
}

/** Envoy's test for a gRPC request: content-type `application/grpc`, optionally with `+proto` or parameters. */
function isGrpcRequest(view: RequestView): bool {
  const contentType = view.header("content-type");
  if (contentType === null || !contentType.startsWith("application/grpc")) return false;
  if (contentType.length == 16) return true;
  const next = contentType.charCodeAt(16);
  return next == 0x2b || next == 0x3b;
}
