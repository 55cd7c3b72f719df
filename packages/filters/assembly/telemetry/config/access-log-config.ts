// `accessLog`: which requests get a JSON log line, and its fields.

import { JsonField } from "@envoyscript/sdk/assembly/json/reader";
import { ExprNode } from "../expr/nodes";
import { ValueType } from "../expr/value";
import { refuseUnknownFields } from "./known-fields";
import { compileField, compileText, expectType } from "./expression-field";
import { MetricsConfig } from "./metrics-config";

/** One field of a log line: its JSON key and the expression giving its value. */
export class LogField {
  constructor(public readonly name: string, public readonly expression: ExprNode) {}
}

export class AccessLogConfig {
  enabled: bool = false;
  /** Requests for which this is false get no line; null logs every request. */
  filter: ExprNode | null = null;
  fields: LogField[] = new Array<LogField>();
}

/** Fields of a line when the configuration names none (custom dimensions are appended). */
const DEFAULT_FIELDS: string[] = [
  "method", "request.method",
  "path", "request.path",
  "response_code", "response.code",
  "duration_ms", "request.duration",
  "bytes_received", "request.size",
  "bytes_sent", "response.size",
  "request_id", "request.id",
];

export function readAccessLogConfig(field: JsonField, metrics: MetricsConfig): AccessLogConfig {
  refuseUnknownFields(field, ["enabled", "filter", "fields"]);
  const config = new AccessLogConfig();
  config.enabled = field.optionalBool("enabled", field.present);
  const filter = field.field("filter");
  if (filter.present) {
    const node = compileField(filter, "");
    expectType(filter, node, ValueType.Bool);
    config.filter = node;
  }
  const fields = field.field("fields");
  if (fields.present) {
    const names = fields.keys();
    for (let i = 0; i < names.length; i++) config.fields.push(new LogField(names[i], compileField(fields.field(names[i]), "")));
  } else {
    for (let i = 0; i < DEFAULT_FIELDS.length; i += 2) config.fields.push(new LogField(DEFAULT_FIELDS[i], compileText(field, DEFAULT_FIELDS[i + 1])));
    for (let i = 0; i < metrics.custom.length; i++) config.fields.push(new LogField(metrics.custom[i].name, metrics.custom[i].expression));
  }
  return config;
}
