// The plugin. The SDK reads the configuration in onConfigure and calls
// readConfig; anything reported there refuses the configuration with one
// line (`header-auth: keys[1].user: required field is missing [E_CONFIG_MISSING]`)
// and Envoy refuses the listener. An accepted configuration defines its
// metrics, then every request gets it as `this.config`.

import { FilterRoot, HttpContext, JsonField } from "@envoyscript/sdk/assembly";
import { HeaderAuthConfig } from "./config/config";
import { readHeaderAuthConfig } from "./config/read-config";
import { HeaderAuthRequest } from "./request";

export const FILTER_NAME = "header-auth";

export class HeaderAuthRoot extends FilterRoot<HeaderAuthConfig> {
  readConfig(root: JsonField): HeaderAuthConfig {
    return readHeaderAuthConfig(root);
  }

  onConfigured(config: HeaderAuthConfig): void {
    config.metrics.define();
  }

  newRequest(contextId: u32, config: HeaderAuthConfig): HttpContext {
    return new HeaderAuthRequest(contextId, this, config);
  }
}
