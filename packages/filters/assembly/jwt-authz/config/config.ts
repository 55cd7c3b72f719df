// One jwt-authz configuration once read and checked, with what the requests
// under it share: the providers (and their fetched JWKS), the token cache
// behind the authenticator, the policies and the metrics. Built once in
// onConfigure by ./read-config.ts; every request reads it through
// `this.config`.

import { RootContext } from "@envoyscript/sdk/assembly";
import { Policy } from "../authz/policy";
import { AuthnResult, Authenticator } from "../authn/authenticator";
import { JwtProvider } from "../authn/provider";
import { KeysChangedListener, RemoteJwks } from "../authn/remote-jwks";
import { TokenCache } from "../authn/token-cache";
import { FilterMetrics } from "../metrics";
import { ProviderConfig } from "./provider-config";
import { IncomingHeaders } from "../incoming-headers";

export enum AuthnMode {
  /** This filter verifies tokens itself. */
  Verify = 0,
  /** Envoy's jwt_authn verified the token; read its payload from dynamic metadata. */
  Mesh = 1,
}

export class JwtAuthzConfig {
  constructor(
    public readonly mode: AuthnMode,
    public readonly providers: JwtProvider[],
    public readonly policies: Policy[],
    public readonly authenticator: Authenticator,
    public readonly metrics: FilterMetrics,
    /**
     * Every header the filter may write (payload and claim headers of all
     * providers), removed from every request before anything else: a client
     * must never pose as a verified identity, whatever its token.
     */
    public readonly outputHeaders: string[],
    /** Some provider fetches its JWKS (the root then ticks to refresh it). */
    public readonly fetchesKeys: bool,
    /**
     * A request with a token reads at least two present headers (the token,
     * then the method, path or host a policy tests): one read of the whole
     * map costs less than a get each (see ../incoming-headers.ts).
     */
    public readonly readsMapOnce: bool,
  ) {}

  /** The current request's headers, read as this configuration's requests read them best. */
  incomingHeaders(): IncomingHeaders {
    return new IncomingHeaders(this.readsMapOnce);
  }

  /** Authenticates the current request: verifies its token, or (mesh mode) reads what jwt_authn verified. */
  authenticate(headers: IncomingHeaders): AuthnResult {
    if (this.mode == AuthnMode.Mesh) return this.authenticator.authenticateFromMetadata(headers);
    return this.authenticator.authenticate(headers);
  }
}

/** The configuration of these settings, with its providers, token cache and metrics; `plugin` owns the JWKS callouts. */
export function buildJwtAuthzConfig(mode: AuthnMode, settings: ProviderConfig[], policies: Policy[], tokenCacheSize: i32, plugin: RootContext): JwtAuthzConfig {
  const metrics = new FilterMetrics();
  const cache = new TokenCache(mode == AuthnMode.Mesh ? 0 : tokenCacheSize);
  const listener = new CacheInvalidator(cache);
  const providers = new Array<JwtProvider>();
  let fetchesKeys = false;
  for (let i = 0; i < settings.length; i++) {
    const provider = new JwtProvider(unchecked(settings[i]), i);
    if (mode == AuthnMode.Verify && provider.config.jwksUri !== null) {
      provider.remote = new RemoteJwks(provider.config, plugin, listener, metrics.jwksFetched, metrics.jwksFailed);
      fetchesKeys = true;
    }
    providers.push(provider);
  }
  const authenticator = new Authenticator(providers, cache, metrics);
  return new JwtAuthzConfig(mode, providers, policies, authenticator, metrics, outputHeadersOf(settings), fetchesKeys, anyReadsRequestLine(policies));
}

function anyReadsRequestLine(policies: Policy[]): bool {
  for (let i = 0; i < policies.length; i++) if (unchecked(policies[i]).readsRequestLine) return true;
  return false;
}

/** The distinct headers any provider writes. */
function outputHeadersOf(settings: ProviderConfig[]): string[] {
  const headers = new Array<string>();
  for (let i = 0; i < settings.length; i++) {
    const provider = unchecked(settings[i]);
    const payloadHeader = provider.outputPayloadToHeader;
    if (payloadHeader.length > 0 && !headers.includes(payloadHeader)) headers.push(payloadHeader);
    const claims = provider.outputClaimToHeaders;
    for (let j = 0; j < claims.length; j++) {
      const header = unchecked(claims[j]).header;
      if (header.length > 0 && !headers.includes(header)) headers.push(header);
    }
  }
  return headers;
}

/** New keys make every cached verification suspect: a removed key must not keep its tokens valid. */
class CacheInvalidator extends KeysChangedListener {
  constructor(private readonly cache: TokenCache) {
    super();
  }

  onKeysChanged(): void {
    this.cache.clear();
  }
}
