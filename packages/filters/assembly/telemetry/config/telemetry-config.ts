// The whole configuration, read and compiled once per `onConfigure`. Any
// problem refuses the configuration with one log line naming the field path
// (and, for expressions, the character offset).

import { JsonConfig } from "@envoyscript/sdk/assembly/json/reader";
import { refuseUnknownFields } from "./known-fields";
import { MetricsConfig, readMetricsConfig } from "./metrics-config";
import { TracingConfig, readTracingConfig } from "./tracing-config";
import { AccessLogConfig, readAccessLogConfig } from "./access-log-config";
import { ClaimsSource, DEFAULT_CLAIMS_FILTER } from "./claims-source";

export class TelemetryConfig {
  constructor(
    public readonly metrics: MetricsConfig,
    public readonly tracing: TracingConfig,
    public readonly accessLog: AccessLogConfig,
    public readonly claims: ClaimsSource,
  ) {}
}

/** The configuration in `bytes`, or null with `document.error` set (read it through the returned document). */
export function readTelemetryConfig(document: JsonConfig): TelemetryConfig | null {
  const root = document.root;
  if (document.failed) return null;
  refuseUnknownFields(root, ["metrics", "tracing", "accessLog", "claims"]);
  const metrics = readMetricsConfig(root.field("metrics"));
  const tracing = readTracingConfig(root.field("tracing"));
  const accessLog = readAccessLogConfig(root.field("accessLog"), metrics);
  const claimsField = root.field("claims");
  refuseUnknownFields(claimsField, ["filter", "key"]);
  const claims = new ClaimsSource(claimsField.optionalString("filter", DEFAULT_CLAIMS_FILTER), claimsField.optionalString("key", ""));
  return document.failed ? null : new TelemetryConfig(metrics, tracing, accessLog, claims);
}
