// One provider's settings (`jwtRules` entry, Istio's RequestAuthentication
// JWTRule) once read and checked: who issues the token, where the keys are,
// where the token travels, what is copied to the request.

import { Jwk } from "../jwt/jwk-set";
import { TokenLocation } from "../authn/token-location";
import { JwksUri } from "./jwks-uri";

/** A claim copied into a request header (`outputClaimToHeaders`). */
export class ClaimToHeader {
  /** The claim's path in the payload: `a.b` is member `b` of claim `a`. */
  public readonly claimPath: string[];

  constructor(public readonly header: string, public readonly claim: string) {
    this.claimPath = claim.split(".");
  }
}

export class ProviderConfig {
  constructor(
    public readonly issuer: string,
    public readonly audiences: string[],
    /** Keys known at configure time: an inline JWKS and/or the HMAC secret. */
    public readonly staticKeys: Jwk[],
    /** Where to fetch the JWKS, or null when the keys are all inline. */
    public readonly jwksUri: JwksUri | null,
    /** The cluster the JWKS is fetched through: `jwksCluster`, or Istio's name for the URI's host and port. */
    public readonly jwksCluster: string,
    public readonly jwksCacheSeconds: i64,
    public readonly jwksTimeoutMs: i64,
    public readonly locations: TokenLocation[],
    public readonly forwardOriginalToken: bool,
    /** Lower-case header for the payload, "" for none. */
    public readonly outputPayloadToHeader: string,
    public readonly outputClaimToHeaders: ClaimToHeader[],
    public readonly clockSkewSeconds: i64,
    /** The key under which Envoy's jwt_authn stores this issuer's payload (mesh mode). */
    public readonly payloadInMetadata: string,
  ) {}
}
