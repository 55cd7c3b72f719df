// Struct members (node.metadata, JWT claims) as attribute values. The SDK
// decodes them with their JSON types, so each type has one text form:
// strings as they are, numbers without a needless fraction, booleans as
// true/false, lists and objects as compact JSON text (["a","b"]). A missing
// member and JSON null are absent.

import { JsonValue } from "@envoyscript/sdk/assembly";
import { Value, ValueType, formatNumber } from "./expr/value";

/** The attribute text of `member`, absent when there is none or it is null. */
export function jsonAttributeValue(member: JsonValue | null): Value {
  if (member === null || member.isNull()) return Value.absent(ValueType.String);
  if (member.isString()) return Value.ofString(member.asString());
  if (member.isNumber()) return Value.ofString(formatNumber(member.asNumber()));
  if (member.isBool()) return Value.ofString(member.asBool() ? "true" : "false");
  return Value.ofString(member.toString());
}
