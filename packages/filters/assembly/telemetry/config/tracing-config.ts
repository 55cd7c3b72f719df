// `tracing`: which trace headers the filter makes sure exist.

import { JsonField } from "@envoyscript/sdk/assembly/json/reader";
import { refuseUnknownFields } from "./known-fields";

export class TracingConfig {
  enabled: bool = true;
  /** Add `x-request-id` (a UUID v4) when the request has none. */
  requestId: bool = true;
  b3: bool = true;
  w3c: bool = false;
  /** Share of new traces marked sampled, in hundredths of a percent (0..10000). */
  samplingBasisPoints: i32 = 10000;
}

export function readTracingConfig(field: JsonField): TracingConfig {
  refuseUnknownFields(field, ["enabled", "requestId", "format", "samplingPercentage"]);
  const config = new TracingConfig();
  config.enabled = field.optionalBool("enabled", true);
  config.requestId = field.optionalBool("requestId", true);
  const format = field.optionalEnum("format", ["b3", "w3c", "both", "none"], "b3");
  config.b3 = format == "b3" || format == "both";
  config.w3c = format == "w3c" || format == "both";
  config.samplingBasisPoints = <i32>Math.round(field.optionalNumber("samplingPercentage", 100, 0, 100) * 100);
  return config;
}
