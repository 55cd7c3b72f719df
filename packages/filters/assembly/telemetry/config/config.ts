// One telemetry configuration once read and compiled, with what the requests
// under it share: the metric series seen so far, the node's values and the
// attribute cache onLog fills (reset per request: onLog runs to completion).
// Built once in onConfigure by ./read-config.ts; every request reads it
// through `this.config`.

import { MetricsConfig } from "./metrics-config";
import { TracingConfig } from "./tracing-config";
import { AccessLogConfig } from "./access-log-config";
import { ClaimsSource } from "./claims-source";
import { RequestMetrics } from "../metrics/request-metrics";
import { NodeInfo } from "../node-info";
import { RequestAttributes } from "../request-attributes";

export class TelemetryConfig {
  /** The series of this configuration's metrics, found by label values. */
  public readonly series: RequestMetrics;
  /** The attribute cache of the request being logged (node values read once, kept for the configuration's life). */
  public readonly attributes: RequestAttributes;

  constructor(
    public readonly metrics: MetricsConfig,
    public readonly tracing: TracingConfig,
    public readonly accessLog: AccessLogConfig,
    public readonly claims: ClaimsSource,
  ) {
    this.series = new RequestMetrics(metrics);
    this.attributes = new RequestAttributes(new NodeInfo(), claims);
  }
}
