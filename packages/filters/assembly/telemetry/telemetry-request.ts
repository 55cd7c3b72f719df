// One request: trace headers on the way in; metrics and the access-log line
// in onLog, when every attribute (response code, duration, sizes) is known.

import { HttpContext } from "@envoyscript/sdk/assembly/contexts/http-context";
import { FilterHeadersStatus } from "@envoyscript/sdk/assembly/enums";
import { AttributeId } from "./expr/attribute-catalogue";
import { ensureTraceHeaders } from "./trace/trace-headers";
import { writeAccessLog } from "./access-log/access-log-line";
import { TelemetryRoot } from "./telemetry-root";

export class TelemetryRequest extends HttpContext {
  onRequestHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    const config = (<TelemetryRoot>this.root).config;
    if (config !== null) ensureTraceHeaders(config.tracing);
    return FilterHeadersStatus.Continue;
  }

  onLog(): void {
    const root = <TelemetryRoot>this.root;
    const config = root.config;
    if (config === null) return;
    const attributes = root.attributes!;
    attributes.reset();
    if (config.metrics.enabled) {
      const duration = attributes.lookup(AttributeId.RequestDuration, "");
      const requestBytes = attributes.lookup(AttributeId.RequestTotalSize, "");
      const responseBytes = attributes.lookup(AttributeId.ResponseTotalSize, "");
      root.metrics!.record(attributes, presentOr(duration.present, duration.number), presentOr(requestBytes.present, requestBytes.number), presentOr(responseBytes.present, responseBytes.number));
    }
    writeAccessLog(config.accessLog, attributes);
  }
}

function presentOr(present: bool, number: f64): f64 {
  return present ? number : -1;
}
