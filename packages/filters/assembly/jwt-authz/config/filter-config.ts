// The whole configuration: `mode`, `tokenCacheSize`, `jwtRules` (Istio's
// RequestAuthentication) and `policies` (Istio's AuthorizationPolicy). Read
// once in onConfigure; the first problem is reported with its field path.

import { JsonConfig } from "@envoyscript/sdk/assembly/json/reader";
import { JsonErrorCode } from "@envoyscript/sdk/assembly/json/error";
import { Policy } from "../authz/policy";
import { ProviderConfig, readProvider } from "./provider-config";
import { readPolicy } from "./policy-config";
import { objectItems, refuseUnknownFields } from "./known-fields";

export enum AuthnMode {
  /** This filter verifies tokens itself. */
  Verify = 0,
  /** Envoy's jwt_authn verified the token; read its payload from dynamic metadata. */
  Mesh = 1,
}

export const JWT_AUTHN_FILTER_NAME = "envoy.filters.http.jwt_authn";

export class FilterConfig {
  mode: AuthnMode = AuthnMode.Verify;
  tokenCacheSize: i32 = 256;
  providers: ProviderConfig[] = [];
  policies: Policy[] = [];
}

/** The configuration in `config`, or null after recording the first error in it. */
export function readFilterConfig(config: JsonConfig): FilterConfig | null {
  if (config.failed) return null;
  const root = config.root;
  if (!root.value!.isObject()) {
    config.report(JsonErrorCode.TYPE, "$", "expected an object");
    return null;
  }
  refuseUnknownFields(root, ["mode", "tokenCacheSize", "jwtRules", "policies"]);
  const result = new FilterConfig();
  result.mode = root.optionalEnum("mode", ["verify", "mesh"], "verify") == "mesh" ? AuthnMode.Mesh : AuthnMode.Verify;
  result.tokenCacheSize = <i32>root.optionalInt("tokenCacheSize", 256, 0, 100000);
  const rules = objectItems(root, "jwtRules");
  for (let i = 0; i < rules.length && !config.failed; i++) {
    result.providers.push(readProvider(unchecked(rules[i]), result.mode == AuthnMode.Mesh));
  }
  const policies = objectItems(root, "policies");
  for (let i = 0; i < policies.length && !config.failed; i++) {
    result.policies.push(readPolicy(unchecked(policies[i])));
  }
  checkDistinctIssuers(config, result);
  return config.failed ? null : result;
}

/** Tokens are matched to providers by issuer, so two providers cannot share one. */
function checkDistinctIssuers(config: JsonConfig, result: FilterConfig): void {
  const providers = result.providers;
  for (let i = 0; i < providers.length; i++) {
    for (let j = 0; j < i; j++) {
      if (unchecked(providers[i]).issuer == unchecked(providers[j]).issuer) {
        config.report(JsonErrorCode.INVALID, "$.jwtRules[" + i.toString() + "].issuer",
          "issuer \"" + unchecked(providers[i]).issuer + "\" is already used by jwtRules[" + j.toString() + "]");
        return;
      }
    }
  }
}
