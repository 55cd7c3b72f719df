/**
 * jwt-authz: one RS256 issuer with an inline JWKS and an audience, the
 * subject copied to x-user, a DENY for requests without a token and an ALLOW
 * for readers of /reviews/*. Two traffic shapes: one repeated token (every
 * request a token-cache hit) and 1024 distinct tokens in turn, four times
 * the 256-entry cache (every request a miss: a full RSA verification).
 * Native equivalent: jwt_authn (with its JWT cache at the same size) and
 * RBAC on the payload jwt_authn leaves in dynamic metadata.
 */
import { AUDIENCE, ISSUER, TOKEN_CACHE_SIZE, type JwtFixtures } from "../lib/jwt-fixtures.ts";
import { filterModule } from "../lib/paths.ts";
import type { LoadRequest } from "../lib/wrk-script.ts";
import { CATCH_ALL, RESPONSE_BODY, directBootstrap, directRoute, standardRequest } from "./common.ts";
import type { LoadConfiguration, MeasuredPlugin, ScenarioContext, Variant } from "./types.ts";

const PAYLOAD_KEY = "bench";

export function jwtConfig(jwt: JwtFixtures): Record<string, unknown> {
  return {
    tokenCacheSize: TOKEN_CACHE_SIZE,
    jwtRules: [{ issuer: ISSUER, audiences: [AUDIENCE], jwks: jwt.jwks, outputClaimToHeaders: [{ header: "x-user", claim: "sub" }] }],
    policies: [
      { name: "require-jwt", action: "DENY", rules: [{ from: [{ source: { notRequestPrincipals: ["*"] } }] }] },
      {
        name: "readers",
        action: "ALLOW",
        rules: [{ to: [{ operation: { methods: ["GET", "HEAD"], paths: ["/reviews/*"] } }], when: [{ key: "request.auth.claims[groups]", values: ["readers"] }] }],
      },
    ],
  };
}

function nativeFilters(jwt: JwtFixtures): { native: { name: string; typed_config: Record<string, unknown> } }[] {
  const jwtAuthn = {
    name: "envoy.filters.http.jwt_authn",
    typed_config: {
      "@type": "type.googleapis.com/envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication",
      providers: {
        bench: {
          issuer: ISSUER,
          audiences: [AUDIENCE],
          local_jwks: { inline_string: jwt.jwks },
          claim_to_headers: [{ header_name: "x-user", claim_name: "sub" }],
          payload_in_metadata: PAYLOAD_KEY,
          jwt_cache_config: { jwt_cache_size: TOKEN_CACHE_SIZE },
        },
      },
      rules: [{ match: { prefix: "/" }, requires: { provider_name: "bench" } }],
    },
  };
  const rbac = {
    name: "envoy.filters.http.rbac",
    typed_config: {
      "@type": "type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC",
      rules: {
        action: "ALLOW",
        policies: {
          readers: {
            permissions: [{ and_rules: { rules: [
              { header: { name: ":method", string_match: { safe_regex: { regex: "GET|HEAD" } } } },
              { url_path: { path: { prefix: "/reviews/" } } },
            ] } }],
            principals: [{ metadata: {
              filter: "envoy.filters.http.jwt_authn",
              path: [{ key: PAYLOAD_KEY }, { key: "groups" }],
              value: { list_match: { one_of: { string_match: { exact: "readers" } } } },
            } }],
          },
        },
      },
    },
  };
  return [{ native: jwtAuthn }, { native: rbac }];
}

export function jwtConfigurations(context: ScenarioContext): LoadConfiguration[] {
  const ours = filterModule("jwt-authz");
  const goPeer = context.goPeer["jwt-authz"];
  const hit = standardRequest(context.jwt);
  const miss: LoadRequest = { ...hit, rotateTokens: context.jwt.missTokens };
  const expect = { status: 200, body: RESPONSE_BODY };
  const routes = [directRoute(CATCH_ALL)];
  const configurations: LoadConfiguration[] = [];
  for (const [traffic, request] of [["hit", hit], ["miss", miss]] as const) {
    const what = traffic === "hit" ? "token-cache hit" : "cache miss (RSA verify)";
    const add = (variant: Variant, label: string, modules: string[], plugin: MeasuredPlugin | undefined, bootstrap: () => Record<string, unknown>): void => {
      configurations.push({ id: `jwt-authz/${variant}-${traffic}`, family: `jwt-authz (${traffic})`, variant, label: `${label}, ${what}`, modules, plugin, bootstrap, request, expect });
    };
    const ourPlugin = { module: ours, rootId: "jwt-authz", configuration: jwtConfig(context.jwt) };
    const goModule = goPeer ?? "go-peer/jwt-authz.wasm (Go build failed)";
    const goPlugin = { module: goModule, rootId: "jwt-authz", configuration: jwtConfig(context.jwt) };
    add("ours", "jwt-authz (AssemblyScript)", [ours], ourPlugin, () => directBootstrap([{ wasm: ourPlugin }], routes));
    add("native", "jwt_authn + RBAC (native)", [], undefined, () => directBootstrap(nativeFilters(context.jwt), routes));
    add("go-peer", "jwt-authz (Go SDK peer)", [goModule], goPlugin, () => directBootstrap([{ wasm: goPlugin }], routes));
  }
  return configurations;
}
