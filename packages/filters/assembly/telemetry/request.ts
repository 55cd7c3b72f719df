// One request: trace headers on the way in; metrics and the access-log line
// in onLog, when every attribute (response code, duration, sizes) is known.

import { FilterHeadersStatus, FilterRequest } from "@envoyscript/sdk/assembly";
import { AttributeId } from "./expr/attribute-catalogue";
import { ensureTraceHeaders } from "./trace/trace-headers";
import { writeAccessLog } from "./access-log/access-log-line";
import { TelemetryConfig } from "./config/config";

export class TelemetryRequest extends FilterRequest<TelemetryConfig> {
  onRequestHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    ensureTraceHeaders(this.config.tracing);
    return FilterHeadersStatus.Continue;
  }

  onLog(): void {
    const config = this.config;
    const attributes = config.attributes;
    attributes.reset();
    if (config.metrics.enabled) {
      const duration = attributes.lookup(AttributeId.RequestDuration, "");
      const requestBytes = attributes.lookup(AttributeId.RequestTotalSize, "");
      const responseBytes = attributes.lookup(AttributeId.ResponseTotalSize, "");
      config.series.record(attributes, presentOr(duration.present, duration.number), presentOr(requestBytes.present, requestBytes.number), presentOr(responseBytes.present, responseBytes.number));
    }
    writeAccessLog(config.accessLog, attributes);
  }
}

function presentOr(present: bool, number: f64): f64 {
  return present ? number : -1;
}
