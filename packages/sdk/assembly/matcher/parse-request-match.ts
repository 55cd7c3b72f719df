// Reads the JSON of an Istio `match` list into a RequestMatch:
//
//   [{"name": "beta", "uri": {"prefix": "/api"}, "method": {"exact": "GET"},
//     "headers": {"x-user": {"exact": "jason"}}, "cookies": {"beta": {"present": true}},
//     "queryParams": {"v": {"regex": "[0-9]+"}}, "authority": {"prefix": "shop."}}]
//
// Every problem is reported with the field path (extending the caller's
// `path`) and the reason; nothing traps on bad configuration.

import { JsonValue } from "../json/value";
import { MatchError, MatchErrorCode } from "./match-error";
import { checkObject, itemPath, memberPath, typeError } from "./json-shape";
import { StringMatchKinds, parseStringMatch } from "./string-match";
import { Condition, MatchAlternative, RequestMatch } from "./request-match";
import { RequestPart } from "./request-view";
import { lowerAscii } from "./ascii-case";

/** Fields of one alternative (Istio HTTPMatchRequest). */
export const MATCH_FIELDS: string[] = [
  "name", "uri", "scheme", "method", "authority", "headers", "withoutHeaders", "queryParams", "cookies", "ignoreUriCase",
];

/** Either a RequestMatch or why the configuration was refused. */
export class MatchResult {
  constructor(public readonly match: RequestMatch | null, public readonly error: MatchError | null) {}
  get ok(): bool {
    return this.error === null;
  }
  static failed(error: MatchError): MatchResult {
    return new MatchResult(null, error);
  }
}

/**
 * Parses a match list at `path` (e.g. `rules[2].match`). Null (field absent)
 * or `[]` matches every request. Regexes compile here; never traps.
 */
export function parseRequestMatch(json: JsonValue | null, path: string): MatchResult {
  if (json === null || json.isNull()) return new MatchResult(RequestMatch.all(), null);
  if (!json.isArray()) return MatchResult.failed(typeError(path, "an array of match alternatives", json));
  const alternatives = new Array<MatchAlternative>();
  for (let i = 0; i < json.length; i++) {
    const builder = new AlternativeBuilder(itemPath(path, i));
    const error = builder.read(json.at(i)!);
    if (error !== null) return MatchResult.failed(error);
    alternatives.push(builder.build());
  }
  return new MatchResult(new RequestMatch(alternatives), null);
}

class AlternativeBuilder {
  private name: string = "";
  private readonly conditions: Condition[] = new Array<Condition>();

  constructor(private readonly path: string) {}

  read(value: JsonValue): MatchError | null {
    const shape = checkObject(value, this.path, MATCH_FIELDS);
    if (shape !== null) return shape;
    const nameValue = value.get("name");
    if (nameValue !== null) {
      if (!nameValue.isString()) return typeError(this.path + ".name", "a string", nameValue);
      this.name = nameValue.asString();
    }
    const ignoreValue = value.get("ignoreUriCase");
    let ignoreUriCase = false;
    if (ignoreValue !== null) {
      if (!ignoreValue.isBool()) return typeError(this.path + ".ignoreUriCase", "a boolean", ignoreValue);
      ignoreUriCase = ignoreValue.asBool();
    }
    let error = this.single(value, "method", RequestPart.Method, false);
    if (error === null) error = this.single(value, "authority", RequestPart.Authority, false);
    if (error === null) error = this.single(value, "scheme", RequestPart.Scheme, false);
    if (error === null) error = this.single(value, "uri", RequestPart.Path, ignoreUriCase);
    if (error === null) error = this.keyed(value, "headers", RequestPart.Header, StringMatchKinds.OPTIONAL_VALUE, false);
    if (error === null) error = this.keyed(value, "withoutHeaders", RequestPart.Header, StringMatchKinds.OPTIONAL_VALUE, true);
    if (error === null) error = this.keyed(value, "queryParams", RequestPart.Query, StringMatchKinds.QUERY, false);
    if (error === null) error = this.keyed(value, "cookies", RequestPart.Cookie, StringMatchKinds.OPTIONAL_VALUE, false);
    return error;
  }

  /** Conditions in the order read: method, authority, scheme, uri, headers, query, cookies — cheapest first. */
  build(): MatchAlternative {
    return new MatchAlternative(this.name, this.conditions);
  }

  private single(value: JsonValue, field: string, part: RequestPart, ignoreCase: bool): MatchError | null {
    const operand = value.get(field);
    if (operand === null) return null;
    const parsed = parseStringMatch(operand, this.path + "." + field, StringMatchKinds.VALUE, ignoreCase);
    if (!parsed.ok) return parsed.error;
    this.conditions.push(new Condition(part, "", parsed.match!, false));
    return null;
  }

  private keyed(value: JsonValue, field: string, part: RequestPart, kinds: i32, negate: bool): MatchError | null {
    const members = value.get(field);
    if (members === null) return null;
    const fieldPath = this.path + "." + field;
    if (!members.isObject()) return typeError(fieldPath, "an object of name: match", members);
    for (let i = 0; i < members.length; i++) {
      const name = members.keyAt(i);
      const entryPath = memberPath(fieldPath, name);
      const nameError = checkName(name, part, entryPath);
      if (nameError !== null) return nameError;
      const parsed = parseStringMatch(members.at(i)!, entryPath, kinds, false);
      if (!parsed.ok) return parsed.error;
      const key = part == RequestPart.Header ? lowerAscii(name) : name;
      this.conditions.push(new Condition(part, key, parsed.match!, negate));
    }
    return null;
  }
}

function checkName(name: string, part: RequestPart, path: string): MatchError | null {
  if (name.length == 0) return new MatchError(MatchErrorCode.INVALID, path, "empty name; name the header, parameter or cookie");
  if (part != RequestPart.Header) return null;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (isTokenChar(code) || (code == 0x3a && i == 0)) continue;
    return new MatchError(
      MatchErrorCode.INVALID, path,
      "header name \"" + name + "\" has a character not allowed in header names at position " + i.toString() +
        "; use letters, digits and !#$%&'*+-.^_`|~ (or a leading ':' for pseudo-headers)",
    );
  }
  return null;
}

/** RFC 9110 `tchar`. */
function isTokenChar(code: i32): bool {
  if ((code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) return true;
  return code == 0x21 || (code >= 0x23 && code <= 0x27) || code == 0x2a || code == 0x2b || code == 0x2d ||
    code == 0x2e || code == 0x5e || code == 0x5f || code == 0x60 || code == 0x7c || code == 0x7e;
}
