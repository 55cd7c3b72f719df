// The counters the filter keeps (Envoy shows them as `wasmcustom.jwt_authz.*`).

import { Counter } from "@envoyscript/sdk/assembly";

export class FilterMetrics {
  readonly authenticated: Counter = new Counter("jwt_authz.authn_success");
  readonly unauthenticated: Counter = new Counter("jwt_authz.authn_missing");
  readonly rejected: Counter = new Counter("jwt_authz.authn_failure");
  readonly allowed: Counter = new Counter("jwt_authz.authz_allowed");
  readonly denied: Counter = new Counter("jwt_authz.authz_denied");
  readonly audited: Counter = new Counter("jwt_authz.authz_audit");
  readonly cacheHit: Counter = new Counter("jwt_authz.token_cache_hit");
  readonly cacheMiss: Counter = new Counter("jwt_authz.token_cache_miss");
  readonly jwksFetched: Counter = new Counter("jwt_authz.jwks_fetch_success");
  readonly jwksFailed: Counter = new Counter("jwt_authz.jwks_fetch_failure");

  /** Defines every counter, so all show in Envoy's stats (at 0) from the start. */
  define(): void {
    this.authenticated.define();
    this.unauthenticated.define();
    this.rejected.define();
    this.allowed.define();
    this.denied.define();
    this.audited.define();
    this.cacheHit.define();
    this.cacheMiss.define();
    this.jwksFetched.define();
    this.jwksFailed.define();
  }
}
