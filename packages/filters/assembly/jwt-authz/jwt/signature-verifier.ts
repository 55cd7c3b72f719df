// Checks a decoded token's signature against a provider's keys: "kid"
// narrows the keys (a key without "kid" stays a candidate, as in Envoy's
// jwt_authn), the algorithm's key kind and a key's pinned "alg" narrow them
// further, and the first key that verifies wins.

import {
  constantTimeEqual, ecdsaVerify, hmac, rsaVerifyPkcs1, rsaVerifyPss,
} from "@envoyscript/sdk/assembly/crypto";
import { Jwk } from "./jwk-set";
import { KeyKind, hashFor, isPss } from "./jwt-algorithm";
import { DecodedJwt } from "./jwt-token";
import { JwtFailure } from "./jwt-failure";

/** None when a key verifies the signature; NoMatchingKey or BadSignature otherwise. */
export function verifySignature(jwt: DecodedJwt, keys: Jwk[]): JwtFailure {
  let tried = false;
  for (let i = 0; i < keys.length; i++) {
    const key = unchecked(keys[i]);
    if (!key.accepts(jwt.alg)) continue;
    const kid = jwt.kid;
    const keyKid = key.kid;
    if (kid !== null && keyKid !== null && kid != keyKid) continue;
    tried = true;
    if (verifyWith(key, jwt)) return JwtFailure.None;
  }
  return tried ? JwtFailure.BadSignature : JwtFailure.NoMatchingKey;
}

function verifyWith(key: Jwk, jwt: DecodedJwt): bool {
  const hash = hashFor(jwt.alg);
  if (key.kind == KeyKind.Rsa) {
    return isPss(jwt.alg)
      ? rsaVerifyPss(key.rsa!, hash, jwt.signingInput, jwt.signature)
      : rsaVerifyPkcs1(key.rsa!, hash, jwt.signingInput, jwt.signature);
  }
  if (key.kind == KeyKind.Secret) {
    // The tag is compared in constant time: a byte-by-byte early exit would
    // let an attacker forge a tag one byte at a time.
    const expected = hmac(hash, key.secret!, jwt.signingInput);
    return constantTimeEqual(expected, jwt.signature);
  }
  return ecdsaVerify(key.ec!, hash, jwt.signingInput, jwt.signature);
}

