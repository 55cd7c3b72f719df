// The codes of jwt-authz's own rules (documented in docs/jwt-authz.md,
// "Errors"). Everything else is refused with the SDK's generic codes
// (E_JSON_*, E_CONFIG_*).

export namespace JwtAuthzErrorCode {
  /** An inline JWKS that is not a usable key set (bad JSON, unknown algorithm, bad key material). */
  export const JWKS = "E_JWT_JWKS";
  /** A provider without keys (`jwks`, `jwksUri` or `hmacSecret`) in verify mode. */
  export const NO_KEYS = "E_JWT_NO_KEYS";
  /** An HMAC secret that is not base64 or shorter than 32 bytes. */
  export const HMAC_SECRET = "E_JWT_HMAC_SECRET";
  /** A policy condition with an unknown key, or without values. */
  export const CONDITION = "E_JWT_CONDITION";
}
