// One request through the filter: find the rule, draw the faults, take an
// active-fault slot, then hold the request (delay), answer it (abort), or both.
// The slot is held until the stream ends, as in Envoy's fault filter, and
// given back exactly once, also when the client leaves during a delay: at
// proxy_on_delete, which follows every stream (no proxy_on_done override, so
// the module does not export that callback).

import { FilterHeadersStatus, FilterRequest, LogLevel, continueRequest, log, monotonicTimeNanoseconds, requestHeaders, setEffectiveContext } from "@envoyscript/sdk/assembly";
import { hostRequestView } from "@envoyscript/sdk/assembly/matcher";
import { FaultConfig } from "./config/config";
import { FaultPlan, planFaults } from "./fault-plan";
import { PendingDelay } from "./pending-delays";
import { sendAbort } from "./abort-response";

const NANOS_PER_MS: u64 = 1_000_000;

export class FaultRequest extends FilterRequest<FaultConfig> {
  private plan: FaultPlan | null = null;
  private holdsSlot: bool = false;
  /** This request's entry in the pending delays while it is held. */
  private delay: RequestDelay | null = null;

  onRequestHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    const config = this.config;
    // Untagged traffic: one lookup that copies nothing, no view, no rule.
    const passesWithout = config.passesWithoutOnlyHeader;
    if (passesWithout && !requestHeaders.has(config.onlyHeader!)) return FilterHeadersStatus.Continue;
    const view = hostRequestView(passesWithout ? null : config.onlyHeader);
    const rule = config.ruleFor(view);
    if (rule === null) return FilterHeadersStatus.Continue;
    const plan = planFaults(rule, config.headerControl, view);
    if (plan === null) return FilterHeadersStatus.Continue;

    if (!config.limit.tryAcquire()) {
      config.metrics.overflow.increment();
      if (log.enabled(LogLevel.Debug)) log.debug("fault-injection: rule " + plan.ruleIndex.toString() + ": maxActiveFaults reached; request passes untouched");
      return FilterHeadersStatus.Continue;
    }
    this.holdsSlot = true;
    config.metrics.active.add(1);
    this.plan = plan;

    if (plan.delayMs > 0) {
      config.metrics.delaysInjected.increment();
      if (log.enabled(LogLevel.Debug)) log.debug("fault-injection: rule " + plan.ruleIndex.toString() + ": delaying " + plan.delayMs.toString() + " ms");
      const delay = new RequestDelay(this);
      this.delay = delay;
      config.delays.add(delay, monotonicTimeNanoseconds() + <u64>plan.delayMs * NANOS_PER_MS);
      return FilterHeadersStatus.StopIteration;
    }
    this.abort(plan);
    return FilterHeadersStatus.StopIteration;
  }

  /** The delay is over (called from the root's onTick through RequestDelay): abort or resume. */
  delayOver(): void {
    this.delay = null;
    const plan = this.plan;
    // The stream may have ended while it was held; then just give the slot back.
    if (plan === null || !setEffectiveContext(this.contextId)) {
      this.releaseSlot();
      return;
    }
    if (plan.abort !== null) this.abort(plan);
    else continueRequest();
  }

  onDelete(): void {
    this.finish();
  }

  private abort(plan: FaultPlan): void {
    this.config.metrics.abortsInjected.increment();
    if (log.enabled(LogLevel.Debug)) {
      log.debug("fault-injection: rule " + plan.ruleIndex.toString() + ": aborting with HTTP " + plan.abortHttpStatus().toString() +
        (plan.grpcRequest ? " grpc-status " + plan.abortGrpcStatus().toString() : ""));
    }
    sendAbort(plan);
  }

  /** The stream ended: stop waiting for its delay and give its slot back. */
  private finish(): void {
    const delay = this.delay;
    if (delay !== null) {
      this.delay = null;
      this.config.delays.remove(delay);
    }
    this.releaseSlot();
  }

  private releaseSlot(): void {
    if (!this.holdsSlot) return;
    this.holdsSlot = false;
    this.config.limit.release();
    this.config.metrics.active.add(-1);
  }
}

/** A held request's entry in the pending delays. */
class RequestDelay extends PendingDelay {
  constructor(private readonly request: FaultRequest) {
    super();
  }

  delayOver(): void {
    this.request.delayOver();
  }
}
