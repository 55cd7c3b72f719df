// Exports of the filter's pure pieces (CIDR matching, token decoding,
// string patterns, query parsing) for ../units.test.ts.

import { CidrBlock, parseIp } from "../../../assembly/jwt-authz/authz/cidr";
import { StringPattern } from "../../../assembly/jwt-authz/authz/string-pattern";
import { decodeJwt } from "../../../assembly/jwt-authz/jwt/jwt-token";
import { queryParameter } from "../../../assembly/jwt-authz/authn/token-location";

/** 1 when `ip` is in `block`, 0 when not, -1 for a malformed block, -2 for a malformed address. */
export function cidrContains(block: string, ip: string): i32 {
  const parsed = CidrBlock.parse(block);
  if (parsed === null) return -1;
  const address = parseIp(ip);
  if (address === null) return -2;
  return parsed.contains(address) ? 1 : 0;
}

export function patternMatches(pattern: string, value: string, ignoreCase: bool): bool {
  return StringPattern.parse(pattern, ignoreCase).matches(value);
}

/** The JwtFailure of decoding `token` (0: decoded). */
export function decodeFailure(token: string): i32 {
  return decodeJwt(token).failure;
}

export function queryParam(query: string, name: string): string | null {
  return queryParameter(query, name);
}
