// Reads the whole configuration: `mode`, `tokenCacheSize`, `jwtRules`
// (Istio's RequestAuthentication) and `policies` (Istio's
// AuthorizationPolicy), through the SDK's configuration reader; the first
// problem refuses it with its field path.

import { ConfigErrorCode, JsonField, RootContext, quoteJson } from "@envoyscript/sdk/assembly";
import { Policy } from "../authz/policy";
import { AuthnMode, JwtAuthzConfig, buildJwtAuthzConfig } from "./config";
import { ProviderConfig } from "./provider-config";
import { readProvider } from "./read-provider";
import { readPolicy } from "./read-policy";

export const TOP_FIELDS: string[] = ["mode", "tokenCacheSize", "jwtRules", "policies"];
export const MODES: string[] = ["verify", "mesh"];

/** The configuration at `root` for `plugin` (owner of the JWKS callouts); problems are recorded in `root.config`. */
export function readJwtAuthzConfig(root: JsonField, plugin: RootContext): JwtAuthzConfig {
  root.checkFields(TOP_FIELDS);
  const mode = root.field("mode").asEnum(MODES, "verify") == "mesh" ? AuthnMode.Mesh : AuthnMode.Verify;
  const tokenCacheSize = <i32>root.field("tokenCacheSize").asInteger(256, 0, 100000);
  const providers = new Array<ProviderConfig>();
  const rules = root.field("jwtRules").items();
  for (let i = 0; i < rules.length && !root.config.failed; i++) providers.push(readProvider(unchecked(rules[i]), mode == AuthnMode.Mesh));
  const policies = new Array<Policy>();
  const items = root.field("policies").items();
  for (let i = 0; i < items.length && !root.config.failed; i++) policies.push(readPolicy(unchecked(items[i])));
  checkDistinctIssuers(rules, providers);
  return buildJwtAuthzConfig(mode, providers, policies, tokenCacheSize, plugin);
}

/** Tokens are matched to providers by issuer, so two providers cannot share one. */
function checkDistinctIssuers(rules: JsonField[], providers: ProviderConfig[]): void {
  for (let i = 0; i < providers.length; i++) {
    for (let j = 0; j < i; j++) {
      const issuer = unchecked(providers[i]).issuer;
      if (issuer != unchecked(providers[j]).issuer) continue;
      unchecked(rules[i]).field("issuer").refuse(ConfigErrorCode.DUPLICATE, "issuer " + quoteJson(issuer) + " is already used by jwtRules[" + j.toString() + "]");
      return;
    }
  }
}
