// One header-auth configuration, immutable once read: which header carries
// the key, the known keys (as SHA-256 hashes, compared in constant time),
// where the user goes, which requests are public, and the metrics.

import { Counter } from "@envoyscript/sdk/assembly";
import { constantTimeEqual, sha256 } from "@envoyscript/sdk/assembly/crypto";
import { RequestMatch } from "@envoyscript/sdk/assembly/matcher";

/** A known key: its SHA-256 and the user it stands for. */
export class ApiKey {
  constructor(public readonly hash: Uint8Array, public readonly user: string) {}
}

export class ApiKeys {
  constructor(private readonly keys: ApiKey[]) {}

  /**
   * The user of `presented`, or null. The presented key is hashed and
   * compared with every known hash in constant time, so neither the time
   * taken nor where the loop stops says how much of a key was right.
   */
  userOf(presented: string): string | null {
    const hash = sha256(Uint8Array.wrap(String.UTF8.encode(presented)));
    let user: string | null = null;
    for (let i = 0; i < this.keys.length; i++) {
      const key = unchecked(this.keys[i]);
      if (constantTimeEqual(hash, key.hash) && user === null) user = key.user;
    }
    return user;
  }
}

/** Counters, `wasmcustom.header_auth_*` in Envoy's stats. */
export class HeaderAuthMetrics {
  readonly allowed: Counter = new Counter("header_auth_allowed");
  readonly denied: Counter = new Counter("header_auth_denied");
  readonly missing: Counter = new Counter("header_auth_missing");
  readonly publicRequests: Counter = new Counter("header_auth_public");

  /** Defines every counter, so all show in Envoy's stats (at 0) from the start. */
  define(): void {
    this.allowed.define();
    this.denied.define();
    this.missing.define();
    this.publicRequests.define();
  }
}

export class HeaderAuthConfig {
  readonly metrics: HeaderAuthMetrics = new HeaderAuthMetrics();

  constructor(
    /** The request header carrying the key (lower-case). */
    public readonly keyHeader: string,
    public readonly keys: ApiKeys,
    /** The request header receiving the key's user (lower-case). */
    public readonly userHeader: string,
    /** Requests that need no key; null: none. */
    public readonly publicRequests: RequestMatch | null,
  ) {}
}
