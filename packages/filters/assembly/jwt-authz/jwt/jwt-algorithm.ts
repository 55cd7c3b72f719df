// The JWS algorithms this filter verifies (RFC 7518 section 3), and what
// each one needs: which kind of key and which hash. A token's "alg" picks
// the algorithm, but only keys of the matching kind are ever tried, so an
// RSA public key can never be misused as an HMAC secret (algorithm confusion).

import { HashAlg } from "@envoyscript/sdk/assembly/crypto";

export enum JwtAlg {
  Unknown = 0,
  RS256, RS384, RS512,
  PS256, PS384, PS512,
  ES256, ES384,
  HS256, HS384, HS512,
}

/** The kinds of keys a JWKS (or a configured secret) holds. */
export enum KeyKind {
  Rsa = 0,
  EcP256 = 1,
  EcP384 = 2,
  Secret = 3,
}

/** Every algorithm name, for error messages. */
export const SUPPORTED_ALGORITHMS = "RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, HS256, HS384, HS512";

/** The algorithm named `name` (case-sensitive, as JWS says), or Unknown ("none" included). */
export function algorithmByName(name: string): JwtAlg {
  if (name == "RS256") return JwtAlg.RS256;
  if (name == "RS384") return JwtAlg.RS384;
  if (name == "RS512") return JwtAlg.RS512;
  if (name == "PS256") return JwtAlg.PS256;
  if (name == "PS384") return JwtAlg.PS384;
  if (name == "PS512") return JwtAlg.PS512;
  if (name == "ES256") return JwtAlg.ES256;
  if (name == "ES384") return JwtAlg.ES384;
  if (name == "HS256") return JwtAlg.HS256;
  if (name == "HS384") return JwtAlg.HS384;
  if (name == "HS512") return JwtAlg.HS512;
  return JwtAlg.Unknown;
}

/** The kind of key that can verify `alg`. */
export function keyKindFor(alg: JwtAlg): KeyKind {
  if (alg >= JwtAlg.RS256 && alg <= JwtAlg.PS512) return KeyKind.Rsa;
  if (alg == JwtAlg.ES256) return KeyKind.EcP256;
  if (alg == JwtAlg.ES384) return KeyKind.EcP384;
  return KeyKind.Secret;
}

/** The hash `alg` signs with. */
export function hashFor(alg: JwtAlg): HashAlg {
  if (alg == JwtAlg.RS256 || alg == JwtAlg.PS256 || alg == JwtAlg.ES256 || alg == JwtAlg.HS256) return HashAlg.SHA256;
  if (alg == JwtAlg.RS384 || alg == JwtAlg.PS384 || alg == JwtAlg.ES384 || alg == JwtAlg.HS384) return HashAlg.SHA384;
  return HashAlg.SHA512;
}

/** True for the RSASSA-PSS algorithms. */
export function isPss(alg: JwtAlg): bool {
  return alg == JwtAlg.PS256 || alg == JwtAlg.PS384 || alg == JwtAlg.PS512;
}
