// `tracing`: which trace headers the filter makes sure exist.

import { JsonField } from "@envoyscript/sdk/assembly";

export const TRACING_FIELDS: string[] = ["enabled", "requestId", "format", "samplingPercentage"];
export const TRACE_FORMATS: string[] = ["b3", "w3c", "both", "none"];

export class TracingConfig {
  constructor(
    public readonly enabled: bool,
    /** Add `x-request-id` (a UUID v4) when the request has none. */
    public readonly requestId: bool,
    public readonly b3: bool,
    public readonly w3c: bool,
    /** Share of new traces marked sampled, in hundredths of a percent (0..10000). */
    public readonly samplingBasisPoints: i32,
  ) {}
}

export function readTracingConfig(field: JsonField): TracingConfig {
  field.checkFields(TRACING_FIELDS);
  const format = field.field("format").asEnum(TRACE_FORMATS, "b3");
  return new TracingConfig(
    field.field("enabled").asBool(true),
    field.field("requestId").asBool(true),
    format == "b3" || format == "both",
    format == "w3c" || format == "both",
    <i32>Math.round(field.field("samplingPercentage").asNumber(100, 0, 100) * 100),
  );
}
