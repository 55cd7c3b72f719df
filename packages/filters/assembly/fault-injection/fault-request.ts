// One request through the filter: find the rule, draw the faults, take an
// active-fault slot, then hold the request (delay), answer it (abort), or both.
// The slot is held until the stream ends, as in Envoy's fault filter, and
// given back exactly once — also when the client leaves during a delay.

import { FilterHeadersStatus, HttpContext, LogLevel, continueRequest, log, monotonicTimeNanoseconds, setEffectiveContext } from "@envoyscript/sdk/assembly";
import { hostRequestView } from "@envoyscript/sdk/assembly/matcher";
import { FaultPlan, planFaults } from "./fault-plan";
import { FaultRoot } from "./fault-root";
import { sendAbort } from "./abort-response";

const NANOS_PER_MS: u64 = 1_000_000;

export class FaultRequest extends HttpContext {
  private plan: FaultPlan | null = null;
  private holdsSlot: bool = false;
  private delayed: bool = false;

  constructor(contextId: u32, private readonly fault: FaultRoot) {
    super(contextId, fault);
  }

  onRequestHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    const config = this.fault.config;
    if (config === null) return FilterHeadersStatus.Continue;
    const view = hostRequestView();
    const rule = config.ruleFor(view);
    if (rule === null) return FilterHeadersStatus.Continue;
    const plan = planFaults(rule, config.headerControl, view);
    if (plan === null) return FilterHeadersStatus.Continue;

    if (!this.fault.limit.tryAcquire()) {
      this.fault.metrics.overflow.increment();
      if (log.enabled(LogLevel.Debug)) log.debug("fault-injection: rule " + plan.ruleIndex.toString() + ": maxActiveFaults reached; request passes untouched");
      return FilterHeadersStatus.Continue;
    }
    this.holdsSlot = true;
    this.fault.metrics.active.add(1);
    this.plan = plan;

    if (plan.delayMs > 0) {
      this.fault.metrics.delaysInjected.increment();
      if (log.enabled(LogLevel.Debug)) log.debug("fault-injection: rule " + plan.ruleIndex.toString() + ": delaying " + plan.delayMs.toString() + " ms");
      this.delayed = true;
      this.fault.delays.add(this, monotonicTimeNanoseconds() + <u64>plan.delayMs * NANOS_PER_MS);
      return FilterHeadersStatus.StopIteration;
    }
    this.abort(plan);
    return FilterHeadersStatus.StopIteration;
  }

  /** The delay is over (called from the root's onTick): abort or resume. */
  delayOver(): void {
    this.delayed = false;
    // The stream may have ended without onDone reaching us; then just give the slot back.
    if (!setEffectiveContext(this.contextId)) {
      this.releaseSlot();
      return;
    }
    const plan = this.plan!;
    if (plan.abort !== null) this.abort(plan);
    else continueRequest();
  }

  onDone(): bool {
    this.finish();
    return true;
  }

  onDelete(): void {
    this.finish();
  }

  private abort(plan: FaultPlan): void {
    this.fault.metrics.abortsInjected.increment();
    if (log.enabled(LogLevel.Debug)) {
      log.debug("fault-injection: rule " + plan.ruleIndex.toString() + ": aborting with HTTP " + plan.abortHttpStatus().toString() +
        (plan.grpcRequest ? " grpc-status " + plan.abortGrpcStatus().toString() : ""));
    }
    sendAbort(plan);
  }

  /** The stream ended: stop waiting for its delay and give its slot back. */
  private finish(): void {
    if (this.delayed) {
      this.delayed = false;
      this.fault.delays.remove(this);
    }
    this.releaseSlot();
  }

  private releaseSlot(): void {
    if (!this.holdsSlot) return;
    this.holdsSlot = false;
    this.fault.limit.release();
    this.fault.metrics.active.add(-1);
  }
}
