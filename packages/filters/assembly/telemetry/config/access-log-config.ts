// `accessLog`: which requests get a JSON log line, and its fields.

import { JsonField } from "@envoyscript/sdk/assembly";
import { ExprNode } from "../expr/nodes";
import { ValueType } from "../expr/value";
import { compileField, compileText, expectType } from "./read-expression";
import { MetricsConfig } from "./metrics-config";

export const ACCESS_LOG_FIELDS: string[] = ["enabled", "filter", "fields"];

/** One field of a log line: its JSON key and the expression giving its value. */
export class LogField {
  constructor(public readonly name: string, public readonly expression: ExprNode) {}
}

export class AccessLogConfig {
  constructor(
    public readonly enabled: bool,
    /** Requests for which this is false get no line; null logs every request. */
    public readonly filter: ExprNode | null,
    public readonly fields: LogField[],
  ) {}
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
  field.checkFields(ACCESS_LOG_FIELDS);
  const enabled = field.field("enabled").asBool(field.present);
  const filterField = field.field("filter");
  let filter: ExprNode | null = null;
  if (filterField.present) {
    const node = compileField(filterField, "");
    expectType(filterField, node, ValueType.Bool);
    filter = node;
  }
  const fields = new Array<LogField>();
  const fieldsField = field.field("fields");
  if (fieldsField.present) {
    const members = fieldsField.members();
    for (let i = 0; i < members.length; i++) {
      const member = unchecked(members[i]);
      fields.push(new LogField(member.name, compileField(member, "")));
    }
  } else {
    for (let i = 0; i < DEFAULT_FIELDS.length; i += 2) fields.push(new LogField(DEFAULT_FIELDS[i], compileText(field, DEFAULT_FIELDS[i + 1])));
    for (let i = 0; i < metrics.custom.length; i++) fields.push(new LogField(metrics.custom[i].name, metrics.custom[i].expression));
  }
  return new AccessLogConfig(enabled, filter, fields);
}
