// Request authentication as Istio does it: no token passes unauthenticated
// (policies decide); a token is matched to the provider of its issuer that
// reads the location it came from; a bad token is refused. Verified tokens
// are cached; in mesh mode the payload Envoy's jwt_authn verified is read
// from dynamic metadata instead.

import { JsonValue, currentTimeNanoseconds, metadata } from "@envoyscript/sdk/assembly";
import { DecodedJwt, decodeJwt } from "../jwt/jwt-token";
import { JwtFailure } from "../jwt/jwt-failure";
import { checkAudience, checkTimes, validUntil } from "../jwt/claims-check";
import { verifySignature } from "../jwt/signature-verifier";
import { VerifiedIdentity, identityFromPayload } from "./identity";
import { JwtProvider } from "./provider";
import { TokenCache } from "./token-cache";
import { NO_TOKEN_SPAN, TokenLocation, UNDECIDED_SPAN, requestQuery } from "./token-location";
import { FilterMetrics } from "../metrics";
import { IncomingHeaders } from "../incoming-headers";

/** Envoy's JWT filter, whose verified payloads mesh mode reads from dynamic metadata. */
export const JWT_AUTHN_FILTER_NAME = "envoy.filters.http.jwt_authn";

export enum AuthnState {
  Unauthenticated = 0,
  Authenticated = 1,
  Failed = 2,
  /**
   * The provider fetches its keys: call `completeWithKeys` now, or after
   * waiting for a fetch (no keys yet, or none with the token's "kid").
   */
  NeedsKeys = 3,
}

/** A token found in the request and where. */
export class FoundToken {
  constructor(public readonly token: string, public readonly location: TokenLocation) {}
}

export class AuthnResult {
  identity: VerifiedIdentity | null = null;
  failure: JwtFailure = JwtFailure.None;
  provider: JwtProvider | null = null;
  found: FoundToken | null = null;
  decoded: DecodedJwt | null = null;
  /** The token may be cached once verified (the cache is on). */
  cacheable: bool = false;

  constructor(public state: AuthnState) {}

  static failed(failure: JwtFailure): AuthnResult {
    const result = new AuthnResult(AuthnState.Failed);
    result.failure = failure;
    return result;
  }
}

export class Authenticator {
  /** Every distinct token location, in configuration order. */
  private readonly locations: TokenLocation[] = [];

  constructor(
    private readonly providers: JwtProvider[],
    private readonly cache: TokenCache,
    private readonly metrics: FilterMetrics,
  ) {
    for (let i = 0; i < providers.length; i++) {
      const own = unchecked(providers[i]).config.locations;
      for (let j = 0; j < own.length; j++) this.addLocation(unchecked(own[j]));
    }
  }

  private addLocation(location: TokenLocation): void {
    for (let i = 0; i < this.locations.length; i++) {
      const known = unchecked(this.locations[i]);
      if (known.isHeader == location.isHeader && known.name == location.name && known.prefix == location.prefix) return;
    }
    this.locations.push(location);
  }

  /** The first token found at any configured location of `headers`, or null. */
  findToken(headers: IncomingHeaders): FoundToken | null {
    let query: string | null = null;
    let queryRead = false;
    for (let i = 0; i < this.locations.length; i++) {
      const location = unchecked(this.locations[i]);
      if (!location.isHeader && !queryRead) {
        query = requestQuery(headers);
        queryRead = true;
      }
      const token = location.extract(headers, query);
      if (token !== null) return new FoundToken(token, location);
    }
    return null;
  }

  /**
   * A cache hit found from the token's bytes in the request's serialized
   * headers, nothing decoded or copied; null for anything else (no map, a
   * miss, a token only `findToken` can extract), which `authenticate` then
   * settles the usual way. The locations are tried in the same order.
   */
  private cachedFromBytes(headers: IncomingHeaders): AuthnResult | null {
    if (this.cache.capacity <= 0) return null;
    const map = headers.serializedMap();
    if (map === null) return null;
    for (let i = 0; i < this.locations.length; i++) {
      const location = unchecked(this.locations[i]);
      const span = location.spanIn(map);
      if (span == NO_TOKEN_SPAN) continue;
      if (span == UNDECIDED_SPAN) return null;
      const nowSeconds = <f64>currentTimeNanoseconds() / 1e9;
      const cached = this.cache.findBytes(changetype<usize>(map) + <usize>(span >>> 32), <usize>(span & 0xffffffff), nowSeconds);
      if (cached === null) return null;
      const provider = unchecked(this.providers[cached.providerIndex]);
      if (!provider.owns(location)) return null;
      this.metrics.cacheHit.increment();
      return authenticated(provider, new FoundToken(cached.token, location), cached.identity);
    }
    return null;
  }

  /** Authenticates the current request by verifying its token (verify mode). */
  authenticate(headers: IncomingHeaders): AuthnResult {
    const hit = this.cachedFromBytes(headers);
    if (hit !== null) return hit;
    const found = this.findToken(headers);
    if (found === null) return new AuthnResult(AuthnState.Unauthenticated);
    // Asked of the host only for a token (a crossing that requests without one do not pay).
    const nowSeconds = <f64>currentTimeNanoseconds() / 1e9;
    const cacheable = this.cache.capacity > 0;
    if (cacheable) {
      const cached = this.cache.find(found.token, nowSeconds);
      if (cached !== null) {
        const provider = unchecked(this.providers[cached.providerIndex]);
        if (provider.owns(found.location)) {
          this.metrics.cacheHit.increment();
          return authenticated(provider, found, cached.identity);
        }
      }
      this.metrics.cacheMiss.increment();
    }
    const decodedResult = decodeJwt(found.token);
    if (decodedResult.jwt === null) return withToken(AuthnResult.failed(decodedResult.failure), found);
    const decoded = decodedResult.jwt!;
    const provider = this.providerFor(decoded.issuer, found.location);
    if (provider === null) return withToken(AuthnResult.failed(JwtFailure.UnknownIssuer), found);
    let failure = checkTimes(decoded, nowSeconds, <f64>provider.config.clockSkewSeconds);
    if (failure == JwtFailure.None) failure = checkAudience(decoded, provider.config.audiences);
    if (failure != JwtFailure.None) return withToken(AuthnResult.failed(failure), found);
    const result = new AuthnResult(AuthnState.NeedsKeys);
    result.provider = provider;
    result.found = found;
    result.decoded = decoded;
    result.cacheable = cacheable;
    // Fetched keys may be missing or stale: the request decides whether to wait for a fetch.
    return provider.remote !== null ? result : this.completeWithKeys(result);
  }

  /** Finishes a NeedsKeys result once the provider's keys are known (or are known to be missing). */
  completeWithKeys(pending: AuthnResult): AuthnResult {
    const provider = pending.provider!;
    const keys = provider.currentKeys();
    if (keys === null) return withToken(AuthnResult.failed(JwtFailure.JwksUnavailable), pending.found!);
    const decoded = pending.decoded!;
    const failure = verifySignature(decoded, keys);
    if (failure != JwtFailure.None) return withToken(AuthnResult.failed(failure), pending.found!);
    const identity = new VerifiedIdentity(decoded.issuer, decoded.subject, decoded.audiences, decoded.presenter, decoded.payload, decoded.expiresAt);
    if (pending.cacheable) {
      this.cache.add(pending.found!.token, provider.index, identity, validUntil(decoded.expiresAt, <f64>provider.config.clockSkewSeconds));
    }
    return authenticated(provider, pending.found!, identity);
  }

  /**
   * Mesh mode: the payload Envoy's jwt_authn verified and left in dynamic
   * metadata. A token at one of our locations without a verified payload was
   * not verified by jwt_authn (misconfigured, or allowed to fail): refused.
   * Read through the whole `metadata` message, so claims keep their JSON
   * types and a `null` claim does not make the read fail.
   */
  authenticateFromMetadata(headers: IncomingHeaders): AuthnResult {
    const verified: JsonValue | null = metadata.filter(JWT_AUTHN_FILTER_NAME);
    if (verified !== null) {
      for (let i = 0; i < this.providers.length; i++) {
        const provider = unchecked(this.providers[i]);
        const payload = verified.get(provider.config.payloadInMetadata);
        if (payload === null || !payload.isObject()) continue;
        const result = new AuthnResult(AuthnState.Authenticated);
        result.provider = provider;
        result.identity = identityFromPayload(payload);
        return result;
      }
    }
    const found = this.findToken(headers);
    if (found === null) return new AuthnResult(AuthnState.Unauthenticated);
    return withToken(AuthnResult.failed(JwtFailure.UnverifiedInMesh), found);
  }

  private providerFor(issuer: string, location: TokenLocation): JwtProvider | null {
    for (let i = 0; i < this.providers.length; i++) {
      const provider = unchecked(this.providers[i]);
      if (provider.config.issuer == issuer && provider.owns(location)) return provider;
    }
    return null;
  }
}

function authenticated(provider: JwtProvider, found: FoundToken, identity: VerifiedIdentity): AuthnResult {
  const result = new AuthnResult(AuthnState.Authenticated);
  result.provider = provider;
  result.found = found;
  result.identity = identity;
  return result;
}

function withToken(result: AuthnResult, found: FoundToken): AuthnResult {
  result.found = found;
  return result;
}

