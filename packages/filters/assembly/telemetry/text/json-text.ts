// JSON values for access-log lines; strings go through the SDK's quoteJson,
// which makes one valid JSON document of whatever a client sent.

import { quoteJson } from "@envoyscript/sdk/assembly";
import { Value, ValueType, formatNumber } from "../expr/value";

/** A value as JSON: absent values are null, numbers without a fraction when whole. */
export function jsonValue(value: Value): string {
  if (!value.present) return "null";
  if (value.type == ValueType.String) return quoteJson(value.text);
  if (value.type == ValueType.Bool) return value.flag ? "true" : "false";
  return formatNumber(value.number);
}
