// One structured access-log line per request that passes the filter
// expression, written in onLog through the host's log at INFO:
//
//   telemetry-access-log: {"method":"GET","path":"/","response_code":500,...}

import { LogLevel, logAt, quoteJson } from "@envoyscript/sdk/assembly";
import { AccessLogConfig } from "../config/access-log-config";
import { AttributeSource } from "../expr/attribute-source";
import { jsonValue } from "../text/json-text";

export const ACCESS_LOG_PREFIX = "telemetry-access-log: ";

/** The JSON object of the configured fields, or null when the filter rejects the request. */
export function accessLogLine(config: AccessLogConfig, source: AttributeSource): string | null {
  if (!config.enabled) return null;
  const filter = config.filter;
  if (filter !== null && !filter.evaluate(source).flag) return null;
  const parts = new Array<string>();
  parts.push("{");
  for (let i = 0; i < config.fields.length; i++) {
    const field = unchecked(config.fields[i]);
    if (i > 0) parts.push(",");
    parts.push(quoteJson(field.name));
    parts.push(":");
    parts.push(jsonValue(field.expression.evaluate(source)));
  }
  parts.push("}");
  return parts.join("");
}

/** Writes the line for the current request, if any. */
export function writeAccessLog(config: AccessLogConfig, source: AttributeSource): void {
  const line = accessLogLine(config, source);
  if (line !== null) logAt(LogLevel.Info, ACCESS_LOG_PREFIX + line);
}
