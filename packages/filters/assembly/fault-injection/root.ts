// The plugin: the SDK reads the configuration once (refusing it with one
// line naming the field); an accepted one defines the metrics and the
// active-fault count before any traffic. Each tick resumes the delays that
// are due.

import { FilterRoot, HttpContext, JsonField, monotonicTimeNanoseconds } from "@envoyscript/sdk/assembly";
import { FaultConfig } from "./config/config";
import { readFaultConfig } from "./config/read-config";
import { FaultRequest } from "./request";

export const FILTER_NAME = "fault-injection";

export class FaultRoot extends FilterRoot<FaultConfig> {
  readConfig(root: JsonField): FaultConfig {
    return readFaultConfig(root, this.rootId);
  }

  onConfigured(config: FaultConfig): void {
    config.limit.initialize();
    config.metrics.define();
  }

  onTick(): void {
    const config = this.config;
    if (config === null) return;
    const due = config.delays.takeDue(monotonicTimeNanoseconds());
    for (let i = 0; i < due.length; i++) unchecked(due[i]).delayOver();
    config.delays.stopTimerIfIdle();
  }

  newRequest(contextId: u32, config: FaultConfig): HttpContext {
    return new FaultRequest(contextId, this, config);
  }
}
