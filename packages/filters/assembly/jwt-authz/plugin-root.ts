// The plugin: reads the configuration once, owns the providers, the token
// cache and the JWKS refresh timer, and creates a context per request.

import { RootContext } from "@envoyscript/sdk/assembly/contexts/root-context";
import { HttpContext } from "@envoyscript/sdk/assembly/contexts/http-context";
import { getPluginConfiguration } from "@envoyscript/sdk/assembly/configuration";
import { JsonConfig } from "@envoyscript/sdk/assembly/json/reader";
import { log } from "@envoyscript/sdk/assembly/logging";
import { currentTimeNanoseconds, setTickPeriodMilliseconds } from "@envoyscript/sdk/assembly/timers";
import { AuthnMode, FilterConfig, readFilterConfig } from "./config/filter-config";
import { Policy } from "./authz/policy";
import { AuthnResult, Authenticator } from "./authn/authenticator";
import { JwtProvider } from "./authn/provider";
import { KeysChangedListener, RemoteJwks } from "./authn/remote-jwks";
import { TokenCache } from "./authn/token-cache";
import { FilterMetrics } from "./filter-metrics";
import { JwtAuthzRequest } from "./request-context";

/** How often the root checks whether a JWKS is due for refresh. */
const TICK_MS: u32 = 1000;

export class JwtAuthzRoot extends RootContext {
  readonly metrics: FilterMetrics = new FilterMetrics();
  policies: Policy[] = [];
  authenticator: Authenticator = new Authenticator([], new TokenCache(0), this.metrics);
  private mode: AuthnMode = AuthnMode.Verify;
  private providers: JwtProvider[] = [];

  onConfigure(pluginConfigurationSize: u32): bool {
    const config = JsonConfig.parse(getPluginConfiguration());
    const filterConfig = readFilterConfig(config);
    if (filterConfig === null) {
      log.error("jwt-authz: " + config.error!.toString());
      return false;
    }
    this.install(filterConfig);
    return true;
  }

  private install(config: FilterConfig): void {
    this.mode = config.mode;
    this.policies = config.policies;
    const cache = new TokenCache(config.mode == AuthnMode.Mesh ? 0 : config.tokenCacheSize);
    const listener = new CacheInvalidator(cache);
    const providers = new Array<JwtProvider>();
    let remoteCount = 0;
    for (let i = 0; i < config.providers.length; i++) {
      const provider = new JwtProvider(unchecked(config.providers[i]), i);
      if (config.mode == AuthnMode.Verify && provider.config.jwksUri !== null) {
        provider.remote = new RemoteJwks(provider.config, this, listener, this.metrics.jwksFetched, this.metrics.jwksFailed);
        remoteCount++;
      }
      providers.push(provider);
    }
    this.providers = providers;
    this.authenticator = new Authenticator(providers, cache, this.metrics);
    if (remoteCount > 0) setTickPeriodMilliseconds(TICK_MS);
  }

  onTick(): void {
    const now = this.nowMilliseconds();
    for (let i = 0; i < this.providers.length; i++) {
      const remote = unchecked(this.providers[i]).remote;
      if (remote !== null) remote.onTick(now);
    }
  }

  authenticate(): AuthnResult {
    if (this.mode == AuthnMode.Mesh) return this.authenticator.authenticateFromMetadata();
    return this.authenticator.authenticate(<f64>currentTimeNanoseconds() / 1e9);
  }

  nowMilliseconds(): u64 {
    return currentTimeNanoseconds() / 1_000_000;
  }

  newHttpContext(contextId: u32): HttpContext | null {
    return new JwtAuthzRequest(contextId, this);
  }
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
