// Reads `route` (weighted destinations) and `stickyBy` of a rule.
//
//   "route": [{"destination": "v1", "weight": 90}, {"destination": "v2", "weight": 10,
//              "headers": {"request": {"set": {"x-canary": "1"}}}}],
//   "stickyBy": {"cookie": "user"}     // or {"header": "x-user"}, {"queryParam": "u"}, {"sourceIp": true}

import { ConfigErrorCode, JsonField } from "@envoyscript/sdk/assembly";
import { Destination, StickyKey, StickyKind } from "./config";
import { RoutingErrorCode } from "./codes";
import { readHeaderActions } from "./read-header-actions";

export const DESTINATION_FIELDS: string[] = ["destination", "weight", "headers"];
export const STICKY_FIELDS: string[] = ["header", "cookie", "queryParam", "sourceIp"];

/** Reads `route`: one or more destinations whose weights sum to 100 (none when absent). */
export function readRoute(field: JsonField): Destination[] {
  const destinations = new Array<Destination>();
  if (!field.present) return destinations;
  const items = field.items();
  if (items.length == 0 && !field.config.failed) {
    field.refuse(ConfigErrorCode.EMPTY, "empty route; list at least one destination, or remove route");
    return destinations;
  }
  let total = 0;
  for (let i = 0; i < items.length && !field.config.failed; i++) {
    const entry = unchecked(items[i]);
    entry.checkFields(DESTINATION_FIELDS);
    const nameField = entry.field("destination");
    nameField.require("name the destination (the value written to the destination header)");
    const name = nameField.asNonEmptyString();
    nameField.checkHeaderValue(name);
    const weightField = entry.field("weight");
    if (!weightField.present && items.length > 1 && !field.config.failed) {
      weightField.refuse(RoutingErrorCode.WEIGHTS, "missing; with several destinations every one needs a weight (summing to 100)");
    }
    const weight = <i32>weightField.asInteger(100, 0, 100);
    total += weight;
    destinations.push(new Destination(name, weight, readHeaderActions(entry.field("headers"))));
  }
  if (!field.config.failed && total != 100) {
    field.refuse(RoutingErrorCode.WEIGHTS, "weights sum to " + total.toString() + ", expected 100");
  }
  return destinations;
}

/** Reads `stickyBy`: exactly one key to hash (none when absent). */
export function readSticky(field: JsonField): StickyKey {
  if (!field.present || !field.checkFields(STICKY_FIELDS)) return StickyKey.none();
  const members = field.members();
  if (members.length != 1) {
    field.refuse(ConfigErrorCode.EXCLUSIVE, "set exactly one of " + STICKY_FIELDS.join(", "));
    return StickyKey.none();
  }
  const operand = unchecked(members[0]);
  const key = operand.name;
  if (key == "sourceIp") {
    if (operand.asBool(false, true)) return new StickyKey(StickyKind.SourceIp, "");
    operand.refuse(RoutingErrorCode.STICKY, "sourceIp: false hashes nothing; remove stickyBy for random splits");
    return StickyKey.none();
  }
  if (key == "header") return new StickyKey(StickyKind.Header, operand.asHeaderName("", true, true));
  const name = operand.asNonEmptyString("", true);
  return new StickyKey(key == "cookie" ? StickyKind.Cookie : StickyKind.QueryParam, name);
}
