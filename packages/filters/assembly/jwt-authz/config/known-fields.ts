// A misspelt field ("audience" for "audiences") must not silently weaken a
// security policy: every object of the configuration lists its known fields
// and anything else is refused, naming the field.

import { JsonField } from "@envoyscript/sdk/assembly/json/reader";
import { JsonErrorCode } from "@envoyscript/sdk/assembly/json/error";

/** Reports the first member of `field` (an object) whose name is not in `known`. */
export function refuseUnknownFields(field: JsonField, known: string[]): void {
  const value = field.value;
  if (value === null || !value.isObject()) return;
  for (let i = 0; i < value.length; i++) {
    const name = value.keyAt(i);
    if (!known.includes(name)) {
      field.config.report(JsonErrorCode.INVALID, field.path + "." + name, "unknown field; known fields: " + known.join(", "));
      return;
    }
  }
}

/** Reports `reason` at `field` as an invalid value. */
export function refuseValue(field: JsonField, reason: string): void {
  field.config.report(JsonErrorCode.INVALID, field.path, reason);
}

/** Member `name` as an array of objects, each checked to be an object; returns the item fields. */
export function objectItems(parent: JsonField, name: string): JsonField[] {
  const list = parent.field(name);
  const count = list.arrayLength();
  const items = new Array<JsonField>();
  for (let i = 0; i < count; i++) {
    const item = list.item(i);
    if (!item.value!.isObject()) {
      parent.config.report(JsonErrorCode.TYPE, item.path, "expected an object");
      return items;
    }
    items.push(item);
  }
  return items;
}
