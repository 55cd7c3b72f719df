// A configured provider at run time: its settings and where its keys come
// from now (inline keys and the HMAC secret, plus the last fetched JWKS).

import { ProviderConfig } from "../config/provider-config";
import { Jwk } from "../jwt/jwk-set";
import { RemoteJwks } from "./remote-jwks";
import { TokenLocation } from "./token-location";

export class JwtProvider {
  remote: RemoteJwks | null = null;
  private combined: Jwk[] | null = null;
  private combinedFrom: Jwk[] | null = null;

  constructor(public readonly config: ProviderConfig, public readonly index: i32) {}

  /** The keys to verify with, or null while a remote JWKS has never arrived (the request waits for it). */
  currentKeys(): Jwk[] | null {
    const remote = this.remote;
    if (remote === null) return this.config.staticKeys;
    const fetched = remote.keys;
    if (fetched === null) return null;
    if (this.combinedFrom !== fetched) {
      this.combined = this.config.staticKeys.concat(fetched);
      this.combinedFrom = fetched;
    }
    return this.combined;
  }

  /** True when this provider reads tokens from `location` (same kind, name and prefix). */
  owns(location: TokenLocation): bool {
    const locations = this.config.locations;
    for (let i = 0; i < locations.length; i++) {
      const own = unchecked(locations[i]);
      if (own.isHeader == location.isHeader && own.name == location.name && own.prefix.toLowerCase() == location.prefix.toLowerCase()) return true;
    }
    return false;
  }
}
