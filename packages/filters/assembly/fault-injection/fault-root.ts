// The plugin: reads the configuration once, owns the active-fault limit, the
// metrics and this worker's pending delays, and resumes due delays on ticks.

import { HttpContext, RootContext, getPluginConfiguration, log, monotonicTimeNanoseconds } from "@envoyscript/sdk/assembly";
import { ActiveFaultLimit } from "./active-fault-limit";
import { FaultConfig, UNLIMITED } from "./fault-config";
import { FaultMetrics } from "./fault-metrics";
import { FaultRequest } from "./fault-request";
import { PendingDelays } from "./pending-delays";
import { parseFaultConfig } from "./parse-config";

export class FaultRoot extends RootContext {
  config: FaultConfig | null = null;
  limit: ActiveFaultLimit = new ActiveFaultLimit("", UNLIMITED);
  readonly metrics: FaultMetrics = new FaultMetrics();
  readonly delays: PendingDelays<FaultRequest> = new PendingDelays<FaultRequest>();

  onConfigure(pluginConfigurationSize: u32): bool {
    const result = parseFaultConfig(getPluginConfiguration());
    if (result.error !== null) {
      log.error("fault-injection: " + result.error!.toString());
      return false;
    }
    const config = result.config!;
    this.config = config;
    this.limit = new ActiveFaultLimit("envoyscript.fault-injection." + this.rootId + ".active", config.maxActiveFaults);
    this.limit.initialize();
    this.metrics.define();
    return true;
  }

  onTick(): void {
    const due = this.delays.takeDue(monotonicTimeNanoseconds());
    for (let i = 0; i < due.length; i++) unchecked(due[i]).delayOver();
    this.delays.stopTimerIfIdle();
  }

  newHttpContext(contextId: u32): HttpContext | null {
    return new FaultRequest(contextId, this);
  }
}
