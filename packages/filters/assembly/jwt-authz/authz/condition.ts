// AuthorizationPolicy `when` conditions: a key naming a request attribute,
// `values` of which one must match, `notValues` of which none may. A
// list-valued attribute (claims, audiences) matches when any element does;
// an absent attribute matches no value and so passes a `notValues` test.

import { JsonValue, formatNumber } from "@envoyscript/sdk/assembly";
import { RequestAttributes } from "./request-attributes";
import { StringPattern, anyMatches } from "./string-pattern";
import { CidrBlock, IpAddress } from "./cidr";

export enum ConditionKey {
  Claim = 0,
  Principal,
  Audiences,
  Presenter,
  Header,
  SourceIp,
  DestinationPort,
}

/** The keys accepted, for error messages. */
export const SUPPORTED_CONDITION_KEYS =
  "request.auth.claims[name] (nested: [a][b]), request.auth.principal, request.auth.audiences, request.auth.presenter, request.headers[name], source.ip, destination.port";

export class Condition {
  /** Claim path or header name, per kind. */
  argument: string[] = [];
  values: StringPattern[] = [];
  notValues: StringPattern[] = [];
  blocks: CidrBlock[] = [];
  notBlocks: CidrBlock[] = [];
  ports: i64[] = [];
  notPorts: i64[] = [];

  constructor(public readonly key: ConditionKey) {}

  matches(request: RequestAttributes): bool {
    if (this.key == ConditionKey.SourceIp) return this.matchesIp(request);
    if (this.key == ConditionKey.DestinationPort) return this.matchesPort(request);
    const candidates = this.candidates(request);
    if (this.values.length > 0 && !anyCandidateMatches(this.values, candidates)) return false;
    return !anyCandidateMatches(this.notValues, candidates);
  }

  private matchesIp(request: RequestAttributes): bool {
    const address = request.sourceAddress;
    if (this.blocks.length > 0 && (address === null || !anyBlockContains(this.blocks, address))) return false;
    return address === null || !anyBlockContains(this.notBlocks, address);
  }

  private matchesPort(request: RequestAttributes): bool {
    const port = request.destinationPort;
    if (this.ports.length > 0 && !this.ports.includes(port)) return false;
    return !this.notPorts.includes(port);
  }

  /** The attribute's values as strings (empty: absent). */
  private candidates(request: RequestAttributes): string[] {
    const result = new Array<string>();
    const identity = request.identity;
    switch (this.key) {
      case ConditionKey.Header: {
        const value = request.header(unchecked(this.argument[0]));
        if (value !== null) result.push(value);
        break;
      }
      case ConditionKey.Principal:
        if (identity !== null) result.push(identity.principal);
        break;
      case ConditionKey.Presenter:
        if (identity !== null && identity.presenter.length > 0) result.push(identity.presenter);
        break;
      case ConditionKey.Audiences:
        if (identity !== null) for (let i = 0; i < identity.audiences.length; i++) result.push(unchecked(identity.audiences[i]));
        break;
      default:
        if (identity !== null) claimStrings(claimAt(identity.claims, this.argument), result);
    }
    return result;
  }
}

/** The claim at `path` (each step an object member), or null. */
export function claimAt(claims: JsonValue, path: string[]): JsonValue | null {
  let current: JsonValue | null = claims;
  for (let i = 0; i < path.length && current !== null; i++) {
    current = current.isObject() ? current.get(unchecked(path[i])) : null;
  }
  return current;
}

/** A claim's values as strings: a scalar gives one, a list gives its scalar items, an object none. */
export function claimStrings(value: JsonValue | null, out: string[]): void {
  if (value === null) return;
  if (value.isArray()) {
    for (let i = 0; i < value.length; i++) {
      const text = scalarText(value.at(i)!);
      if (text !== null) out.push(text);
    }
    return;
  }
  const text = scalarText(value);
  if (text !== null) out.push(text);
}

function scalarText(value: JsonValue): string | null {
  if (value.isString()) return value.asString();
  if (value.isNumber()) return formatNumber(value.asNumber());
  if (value.isBool()) return value.asBool() ? "true" : "false";
  return null;
}

function anyCandidateMatches(patterns: StringPattern[], candidates: string[]): bool {
  for (let i = 0; i < candidates.length; i++) {
    if (anyMatches(patterns, unchecked(candidates[i]))) return true;
  }
  return false;
}

export function anyBlockContains(blocks: CidrBlock[], address: IpAddress): bool {
  for (let i = 0; i < blocks.length; i++) {
    if (unchecked(blocks[i]).contains(address)) return true;
  }
  return false;
}

/** The condition for `key` with its argument filled in, or null when the key is not supported. */
export function conditionForKey(key: string): Condition | null {
  if (key == "request.auth.principal") return new Condition(ConditionKey.Principal);
  if (key == "request.auth.audiences") return new Condition(ConditionKey.Audiences);
  if (key == "request.auth.presenter") return new Condition(ConditionKey.Presenter);
  if (key == "source.ip") return new Condition(ConditionKey.SourceIp);
  if (key == "destination.port") return new Condition(ConditionKey.DestinationPort);
  const headerPrefix = "request.headers[";
  if (key.startsWith(headerPrefix) && key.endsWith("]")) {
    const name = key.substring(headerPrefix.length, key.length - 1);
    if (name.length == 0 || name.indexOf("[") >= 0 || name.indexOf("]") >= 0) return null;
    const condition = new Condition(ConditionKey.Header);
    condition.argument = [name.toLowerCase()];
    return condition;
  }
  const claimsPrefix = "request.auth.claims";
  if (!key.startsWith(claimsPrefix)) return null;
  const path = bracketedSegments(key.substring(claimsPrefix.length));
  if (path === null) return null;
  const condition = new Condition(ConditionKey.Claim);
  condition.argument = path;
  return condition;
}

/** "[a][b]" as ["a", "b"]; null unless it is one or more non-empty bracketed names. */
function bracketedSegments(text: string): string[] | null {
  const segments = new Array<string>();
  let position = 0;
  while (position < text.length) {
    if (text.charCodeAt(position) != 0x5b) return null;
    const close = text.indexOf("]", position);
    if (close < 0) return null;
    const name = text.substring(position + 1, close);
    if (name.length == 0 || name.indexOf("[") >= 0) return null;
    segments.push(name);
    position = close + 1;
  }
  return segments.length == 0 ? null : segments;
}
