// Reads the JSON of an Istio `match` list into a RequestMatch:
//
//   [{"name": "beta", "uri": {"prefix": "/api"}, "method": {"exact": "GET"},
//     "headers": {"x-user": {"exact": "jason"}}, "cookies": {"beta": {"present": true}},
//     "queryParams": {"v": {"regex": "[0-9]+"}}, "authority": {"prefix": "shop."}}]
//
// through the configuration reader: every problem is recorded at its field
// path with a generic code; nothing traps on bad configuration.

import { JsonField } from "../config/reader";
import { ConfigErrorCode } from "../config/error";
import { StringMatchKinds, readStringMatch } from "./string-match";
import { Condition, MatchAlternative, RequestMatch } from "./request-match";
import { RequestPart } from "./request-view";

/** Fields of one alternative (Istio HTTPMatchRequest). */
export const MATCH_FIELDS: string[] = [
  "name", "uri", "scheme", "method", "authority", "headers", "withoutHeaders", "queryParams", "cookies", "ignoreUriCase",
];

/**
 * Reads a match list (e.g. the field `rules[2].match`). Absent, null or `[]`
 * matches every request. Regexes compile here. Problems are recorded in the
 * field's configuration; the result then matches nothing useful and the
 * configuration is refused.
 */
export function readRequestMatch(field: JsonField): RequestMatch {
  const value = field.value;
  if (value === null || value.isNull()) return RequestMatch.all();
  if (!value.isArray()) {
    field.reportType("an array of match alternatives", value);
    return RequestMatch.all();
  }
  const alternatives = new Array<MatchAlternative>();
  const items = field.items();
  for (let i = 0; i < items.length && !field.config.failed; i++) alternatives.push(readAlternative(unchecked(items[i])));
  return new RequestMatch(alternatives);
}

function readAlternative(field: JsonField): MatchAlternative {
  const conditions = new Array<Condition>();
  if (!field.checkFields(MATCH_FIELDS)) return new MatchAlternative("", conditions);
  const name = field.field("name").asString("");
  const ignoreUriCase = field.field("ignoreUriCase").asBool(false);
  // Conditions in this order: method, authority, scheme, uri, headers, query, cookies: cheapest first.
  readSingle(field.field("method"), RequestPart.Method, false, conditions);
  readSingle(field.field("authority"), RequestPart.Authority, false, conditions);
  readSingle(field.field("scheme"), RequestPart.Scheme, false, conditions);
  readSingle(field.field("uri"), RequestPart.Path, ignoreUriCase, conditions);
  readKeyed(field.field("headers"), RequestPart.Header, StringMatchKinds.OPTIONAL_VALUE, false, conditions);
  readKeyed(field.field("withoutHeaders"), RequestPart.Header, StringMatchKinds.OPTIONAL_VALUE, true, conditions);
  readKeyed(field.field("queryParams"), RequestPart.Query, StringMatchKinds.QUERY, false, conditions);
  readKeyed(field.field("cookies"), RequestPart.Cookie, StringMatchKinds.OPTIONAL_VALUE, false, conditions);
  return new MatchAlternative(name, conditions);
}

function readSingle(field: JsonField, part: RequestPart, ignoreCase: bool, conditions: Condition[]): void {
  if (!field.present) return;
  const match = readStringMatch(field, StringMatchKinds.VALUE, ignoreCase);
  if (match !== null) conditions.push(new Condition(part, "", match, false));
}

function readKeyed(field: JsonField, part: RequestPart, kinds: i32, negate: bool, conditions: Condition[]): void {
  const value = field.value;
  if (value === null) return;
  if (!value.isObject()) {
    field.reportType("an object of name: match", value);
    return;
  }
  const members = field.members();
  for (let i = 0; i < members.length && !field.config.failed; i++) {
    const member = unchecked(members[i]);
    if (member.name.length == 0) {
      member.refuse(ConfigErrorCode.EMPTY, "empty name; name the header, parameter or cookie");
      return;
    }
    // Header names are tokens (pseudo-headers allowed), compared lower-cased.
    const key = part == RequestPart.Header ? member.nameAsHeaderName(true) : member.name;
    const match = readStringMatch(member, kinds, false);
    if (match === null) return;
    conditions.push(new Condition(part, key, match, negate));
  }
}
