// One fault-injection configuration once read and checked: the fault rules
// (each with its own request match), header control, and what the requests
// of this configuration share: the active-fault limit, the metrics and this
// worker's pending delays. Built once in onConfigure by ./read-config.ts;
// every request reads it through `this.config`.

import { PairsHeaderSource, Percentage, RequestMatch, RequestView } from "@envoyscript/sdk/assembly/matcher";
import { grpcToHttpStatus, httpToGrpcStatus } from "../grpc-status";
import { ActiveFaultLimit } from "../active-fault-limit";
import { FaultMetrics } from "../metrics";
import { PendingDelays } from "../pending-delays";

/** Istio `fault.delay`: hold a share of requests for a fixed time. */
export class DelayFault {
  constructor(
    public readonly delayMs: u32,
    public readonly percentage: Percentage,
  ) {}
}

/** No status of that kind configured. */
export const NO_STATUS: i32 = -1;

/**
 * Istio `fault.abort`: answer a share of requests locally. Either status may
 * be configured, or both; the missing one is derived with Envoy's mapping.
 */
export class AbortFault {
  constructor(
    /** HTTP status for plain HTTP requests, or NO_STATUS. */
    public readonly httpStatus: i32,
    /** gRPC status for gRPC requests, or NO_STATUS. */
    public readonly grpcStatus: i32,
    public readonly percentage: Percentage,
  ) {}

  /** The HTTP status a plain HTTP request is answered with. */
  httpStatusForHttp(): i32 {
    return this.httpStatus != NO_STATUS ? this.httpStatus : grpcToHttpStatus(this.grpcStatus);
  }

  /** The gRPC status a gRPC request is answered with. */
  grpcStatusForGrpc(): i32 {
    return this.grpcStatus != NO_STATUS ? this.grpcStatus : httpToGrpcStatus(this.httpStatus);
  }
}

/** One rule: requests its match selects get its delay and abort. */
export class FaultRule {
  constructor(
    /** Position in `faults` (0 for the single-rule form), for logs. */
    public readonly index: i32,
    public readonly match: RequestMatch,
    public readonly delay: DelayFault | null,
    public readonly abort: AbortFault | null,
  ) {}
}

/** Envoy-style per-request fault headers; off unless enabled. */
export class HeaderControl {
  constructor(
    public readonly enabled: bool,
    /** Caps (and defaults) the share of requests a header-requested fault applies to. */
    public readonly maxPercentage: Percentage,
    /** Caps the delay a header may ask for. */
    public readonly maxDelayMs: u32,
  ) {}
}

export class FaultConfig {
  /** What the filter did, as Envoy stats. */
  public readonly metrics: FaultMetrics = new FaultMetrics();
  /** Requests of this configuration held by a delay on this worker. */
  public readonly delays: PendingDelays = new PendingDelays();

  /**
   * The one header the rules read, when they read exactly one and it is not
   * a pseudo-header (always present): requests without it (untagged traffic)
   * are then settled by a lookup instead of reading every header.
   */
  public readonly onlyHeader: string | null;
  /**
   * No rule holds for a request without `onlyHeader` (decided here, once, by
   * matching a request that has no headers): its absence alone lets the
   * request pass, before any view or rule is built.
   */
  public readonly passesWithoutOnlyHeader: bool;

  constructor(
    /** Tried in order; the first whose match holds decides. */
    public readonly rules: FaultRule[],
    public readonly headerControl: HeaderControl,
    /** Faults active at once across every worker of the Envoy (`maxActiveFaults`). */
    public readonly limit: ActiveFaultLimit,
  ) {
    const names = new Array<string>();
    for (let i = 0; i < rules.length; i++) unchecked(rules[i]).match.collectHeaderNames(names);
    this.onlyHeader = names.length == 1 && !unchecked(names[0]).startsWith(":") ? unchecked(names[0]) : null;
    this.passesWithoutOnlyHeader = this.onlyHeader !== null && this.ruleFor(new RequestView(new PairsHeaderSource([]))) === null;
  }

  /** The first rule whose match holds for the request, or null. */
  ruleFor(view: RequestView): FaultRule | null {
    const rules = this.rules;
    for (let i = 0; i < rules.length; i++) {
      const rule = unchecked(rules[i]);
      if (rule.match.matches(view)) return rule;
    }
    return null;
  }
}
