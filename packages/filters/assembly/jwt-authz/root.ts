// The plugin: the SDK reads the configuration once (refusing it with one
// line naming the field); an accepted one defines its metrics and, when a
// provider fetches its JWKS, starts the timer that fetches and refreshes it.

import { FilterRoot, HttpContext, JsonField, currentTimeMilliseconds, setTickPeriodMilliseconds } from "@envoyscript/sdk/assembly";
import { JwtAuthzConfig } from "./config/config";
import { readJwtAuthzConfig } from "./config/read-config";
import { JwtAuthzRequest } from "./request";

export const FILTER_NAME = "jwt-authz";

/** How often the root checks whether a JWKS is due for refresh. */
const TICK_MS: u32 = 1000;

export class JwtAuthzRoot extends FilterRoot<JwtAuthzConfig> {
  readConfig(root: JsonField): JwtAuthzConfig {
    return readJwtAuthzConfig(root, this);
  }

  onConfigured(config: JwtAuthzConfig): void {
    config.metrics.define();
    if (config.fetchesKeys) setTickPeriodMilliseconds(TICK_MS);
  }

  onTick(): void {
    const config = this.config;
    if (config === null) return;
    const now = currentTimeMilliseconds();
    const providers = config.providers;
    for (let i = 0; i < providers.length; i++) {
      const remote = unchecked(providers[i]).remote;
      if (remote !== null) remote.onTick(now);
    }
  }

  newRequest(contextId: u32, config: JwtAuthzConfig): HttpContext {
    return new JwtAuthzRequest(contextId, this, config);
  }
}
