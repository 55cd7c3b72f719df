// Reads `route` (weighted destinations) and `stickyBy` of a rule.
//
//   "route": [{"destination": "v1", "weight": 90}, {"destination": "v2", "weight": 10,
//              "headers": {"request": {"set": {"x-canary": "1"}}}}],
//   "stickyBy": {"cookie": "user"}     // or {"header": "x-user"}, {"queryParam": "u"}, {"sourceIp": true}

import { JsonValue } from "@envoyscript/sdk/assembly";
import { itemPath, lowerAscii } from "@envoyscript/sdk/assembly/matcher";
import { Destination, StickyKey, StickyKind } from "./config";
import { ConfigErrors } from "./config-errors";
import { readHeaderActions } from "./header-actions-reader";
import { checkHeaderName, checkHeaderValue } from "./header-syntax";

export const DESTINATION_FIELDS: string[] = ["destination", "weight", "headers"];
export const STICKY_FIELDS: string[] = ["header", "cookie", "queryParam", "sourceIp"];

/** Reads `route` at `path`: one or more destinations whose weights sum to 100. */
export function readRoute(value: JsonValue, path: string, errors: ConfigErrors): Destination[] {
  const destinations = new Array<Destination>();
  if (!errors.array(value, path)) return destinations;
  if (value.length == 0) {
    errors.invalid(path, "empty route; list at least one destination, or remove route");
    return destinations;
  }
  let total = 0;
  for (let i = 0; i < value.length; i++) {
    const entryPath = itemPath(path, i);
    const entry = value.at(i)!;
    if (!errors.object(entry, entryPath, DESTINATION_FIELDS)) return destinations;
    const name = entry.get("destination");
    if (name === null) {
      errors.invalid(entryPath + ".destination", "missing; name the destination (the value written to the destination header)");
      return destinations;
    }
    const text = errors.string(name, entryPath + ".destination");
    if (text.length == 0) errors.invalid(entryPath + ".destination", "empty destination");
    checkHeaderValue(text, entryPath + ".destination", errors);
    const weightValue = entry.get("weight");
    let weight = 100;
    if (weightValue !== null) {
      weight = errors.integer(weightValue, entryPath + ".weight", 0, 100);
    } else if (value.length > 1) {
      errors.invalid(entryPath + ".weight", "missing; with several destinations every one needs a weight (summing to 100)");
    }
    total += weight;
    destinations.push(new Destination(text, weight, readHeaderActions(entry.get("headers"), entryPath + ".headers", errors)));
  }
  if (!errors.failed && total != 100) {
    errors.invalid(path, "weights sum to " + total.toString() + "; they must sum to 100");
  }
  return destinations;
}

/** Reads `stickyBy` at `path`: exactly one key to hash. */
export function readSticky(value: JsonValue, path: string, errors: ConfigErrors): StickyKey {
  const none = new StickyKey(StickyKind.None, "");
  if (!errors.object(value, path, STICKY_FIELDS)) return none;
  if (value.length != 1) {
    errors.invalid(path, "set exactly one of " + STICKY_FIELDS.join(", "));
    return none;
  }
  const key = value.keyAt(0);
  const operand = value.at(0)!;
  const operandPath = path + "." + key;
  if (key == "sourceIp") {
    if (!errors.bool(operand, operandPath)) {
      if (!errors.failed) errors.invalid(operandPath, "sourceIp: false hashes nothing; remove stickyBy for random splits");
      return none;
    }
    return new StickyKey(StickyKind.SourceIp, "");
  }
  const name = errors.string(operand, operandPath);
  if (name.length == 0) {
    errors.invalid(operandPath, "empty name");
    return none;
  }
  if (key == "header") return new StickyKey(StickyKind.Header, checkHeaderNameForMatch(name, operandPath, errors));
  if (key == "cookie") return new StickyKey(StickyKind.Cookie, name);
  return new StickyKey(StickyKind.QueryParam, name);
}

/** Sticky headers may be pseudo-headers (`:authority`); others must be tokens. */
function checkHeaderNameForMatch(name: string, path: string, errors: ConfigErrors): string {
  if (name.charCodeAt(0) == 0x3a) return lowerAscii(name);
  return checkHeaderName(name, path, errors);
}
