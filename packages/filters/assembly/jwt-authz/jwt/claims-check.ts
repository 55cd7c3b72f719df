// The time and audience checks of RFC 7519 section 4.1, with a clock skew
// that tolerates hosts whose clocks disagree a little.

import { DecodedJwt } from "./jwt-token";
import { JwtFailure } from "./jwt-failure";

/** Expired or not yet valid at `nowSeconds`, allowing `skewSeconds` either way. */
export function checkTimes(jwt: DecodedJwt, nowSeconds: f64, skewSeconds: f64): JwtFailure {
  if (!isNaN(jwt.expiresAt) && nowSeconds > jwt.expiresAt + skewSeconds) return JwtFailure.Expired;
  if (!isNaN(jwt.notBefore) && nowSeconds + skewSeconds < jwt.notBefore) return JwtFailure.NotYetValid;
  return JwtFailure.None;
}

/** The last second at which a token with `expiresAt` (NaN: none) is still accepted. */
export function validUntil(expiresAt: f64, skewSeconds: f64): f64 {
  return isNaN(expiresAt) ? Infinity : expiresAt + skewSeconds;
}

/** None when `allowed` is empty (no audience check) or shares an audience with the token. */
export function checkAudience(jwt: DecodedJwt, allowed: string[]): JwtFailure {
  if (allowed.length == 0) return JwtFailure.None;
  for (let i = 0; i < jwt.audiences.length; i++) {
    if (allowed.includes(unchecked(jwt.audiences[i]))) return JwtFailure.None;
  }
  return JwtFailure.AudienceNotAllowed;
}
