// Where compiled expressions read attributes at request time. The request
// side (../request-attributes) implements it over Envoy's properties and
// header maps; a lookup never traps and answers absent values as absent.

import { AttributeId } from "./attribute-catalogue";
import { Value } from "./value";

export abstract class AttributeSource {
  /** The value of attribute `id` (with `key` for keyed attributes, "" otherwise). */
  abstract lookup(id: AttributeId, key: string): Value;
}
