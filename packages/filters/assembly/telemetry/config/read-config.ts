// Reads and compiles the whole configuration once per `onConfigure`, through
// the SDK's configuration reader: the first problem refuses it with its
// field path (and, for expressions, the character offset).

import { JsonField } from "@envoyscript/sdk/assembly";
import { TelemetryConfig } from "./config";
import { readMetricsConfig } from "./metrics-config";
import { readTracingConfig } from "./tracing-config";
import { readAccessLogConfig } from "./access-log-config";
import { ClaimsSource, DEFAULT_CLAIMS_FILTER } from "./claims-source";

export const TOP_FIELDS: string[] = ["metrics", "tracing", "accessLog", "claims"];
export const CLAIMS_FIELDS: string[] = ["filter", "key"];

/** The configuration at `root`; problems are recorded in `root.config`. */
export function readTelemetryConfig(root: JsonField): TelemetryConfig {
  root.checkFields(TOP_FIELDS);
  const metrics = readMetricsConfig(root.field("metrics"));
  const tracing = readTracingConfig(root.field("tracing"));
  const accessLog = readAccessLogConfig(root.field("accessLog"), metrics);
  const claimsField = root.field("claims");
  claimsField.checkFields(CLAIMS_FIELDS);
  const claims = new ClaimsSource(claimsField.field("filter").asNonEmptyString(DEFAULT_CLAIMS_FILTER), claimsField.field("key").asString(""));
  return new TelemetryConfig(metrics, tracing, accessLog, claims);
}
