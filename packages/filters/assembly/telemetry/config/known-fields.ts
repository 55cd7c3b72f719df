// Every configuration object lists its fields; anything else is refused with
// its path, so a misspelt field ("dimension" for "dimensions") cannot be
// silently ignored.

import { JsonField } from "@envoyscript/sdk/assembly/json/reader";
import { JsonErrorCode } from "@envoyscript/sdk/assembly/json/error";

/** Reports the first member of `field` (an object) not named in `known`. */
export function refuseUnknownFields(field: JsonField, known: string[]): void {
  const value = field.value;
  if (value === null) return;
  if (!value.isObject()) {
    field.config.report(JsonErrorCode.TYPE, field.path, "expected an object");
    return;
  }
  for (let i = 0; i < value.length; i++) {
    const name = value.keyAt(i);
    if (!known.includes(name)) {
      field.config.report(JsonErrorCode.INVALID, field.path + "." + name, "unknown field; known fields: " + known.join(", "));
      return;
    }
  }
}
