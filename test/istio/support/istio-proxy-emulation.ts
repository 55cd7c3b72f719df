import type { HttpFilter, NativeFilter } from "@envoyscript/testkit";
import type { ProxyTranslation } from "../../../packages/cli/src/istio/index.ts";
import type { KubeObject } from "./documents.ts";

/**
 * The pieces of an Istio proxy that are not Wasm extensions, built from the
 * repository's manifests the way istiod and the sidecar bootstrap build
 * them, in the reduced shapes these tests need. Each function refuses input
 * it does not translate instead of guessing.
 */

/**
 * Istio's bootstrap for the pod annotations telemetry needs:
 * `proxy.istio.io/config` proxyStatsMatcher.inclusionPrefixes become
 * `stats_matcher.inclusion_list` prefixes (Istio keeps only listed stats),
 * and each `sidecar.istio.io/extraStatTags` name becomes the tag rule
 * `(<tag>=\.=(.*?);\.;)`, as in Istio's bootstrap template.
 */
export function statsConfigFromPodAnnotations(annotations: Record<string, string>): Record<string, unknown> {
  const proxyConfig = JSON.parse(annotations["proxy.istio.io/config"] ?? "{}") as { proxyStatsMatcher?: { inclusionPrefixes?: string[] } };
  const prefixes = proxyConfig.proxyStatsMatcher?.inclusionPrefixes ?? [];
  const tags = (annotations["sidecar.istio.io/extraStatTags"] ?? "").split(",").map((tag) => tag.trim()).filter(Boolean);
  return {
    stats_matcher: { inclusion_list: { patterns: prefixes.map((prefix) => ({ prefix })) } },
    stats_tags: tags.map((tag) => ({ tag_name: tag, regex: `(${tag}=\\.=(.*?);\\.;)` })),
  };
}

interface JwtRule {
  issuer: string;
  audiences?: string[];
  jwks?: string;
  jwksUri?: string;
  forwardOriginalToken?: boolean;
  outputPayloadToHeader?: string;
}

/**
 * The jwt_authn filter istiod makes of a RequestAuthentication: one provider
 * per rule, payload kept in metadata under the issuer, token removed unless
 * forwardOriginalToken, and a requirement of "any provider or no token"
 * (a bad token gets 401, a missing one goes on to authorization). A rule's
 * jwksUri is fetched by istiod and inlined; `jwksFor` stands in for that fetch.
 */
export function jwtAuthnFromRequestAuthentication(requestAuthentication: KubeObject, jwksFor: (rule: JwtRule) => string): NativeFilter {
  const rules = (requestAuthentication.spec?.jwtRules ?? []) as JwtRule[];
  const known = new Set(["issuer", "audiences", "jwks", "jwksUri", "forwardOriginalToken", "outputPayloadToHeader"]);
  const providers: Record<string, unknown> = {};
  rules.forEach((rule, i) => {
    const unknown = Object.keys(rule).filter((key) => !known.has(key));
    if (unknown.length > 0) throw new Error(`jwtRules[${i}]: ${unknown.join(", ")} not emulated here`);
    const provider: Record<string, unknown> = {
      issuer: rule.issuer,
      local_jwks: { inline_string: rule.jwks ?? jwksFor(rule) },
      forward: rule.forwardOriginalToken ?? false,
      payload_in_metadata: rule.issuer,
    };
    if (rule.audiences?.length) provider.audiences = rule.audiences;
    if (rule.outputPayloadToHeader) provider.forward_payload_header = rule.outputPayloadToHeader;
    providers[`origins-${i}`] = provider;
  });
  const requirements = [...Object.keys(providers).map((name) => ({ provider_name: name })), { allow_missing: {} }];
  return {
    name: "envoy.filters.http.jwt_authn",
    typed_config: {
      "@type": "type.googleapis.com/envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication",
      providers,
      rules: [{ match: { prefix: "/" }, requires: { requires_any: { requirements } } }],
    },
  };
}

interface HttpRoute {
  name?: string;
  match?: { headers?: Record<string, { exact?: string }> }[];
  route: { destination: { host: string; subset?: string } }[];
}

/**
 * Envoy routes for a VirtualService's http routes that match on exact
 * header values and send everything to one subset: the route named after
 * the subset's cluster (`clusterOf(host, subset)`).
 */
export function routesFromVirtualService(virtualService: KubeObject, clusterOf: (host: string, subset: string | undefined) => string): Record<string, unknown>[] {
  const http = (virtualService.spec?.http ?? []) as HttpRoute[];
  return http.flatMap((route, i) => {
    if (route.route.length !== 1) throw new Error(`http[${i}]: weighted routes are not emulated here`);
    const { host, subset } = route.route[0].destination;
    const target = { cluster: clusterOf(host, subset) };
    const matches = route.match?.length ? route.match : [{}];
    return matches.map((match) => {
      const headers = Object.entries(match.headers ?? {}).map(([name, value]) => {
        if (value.exact === undefined) throw new Error(`http[${i}].match.headers.${name}: only exact matches are emulated here`);
        return { name, string_match: { exact: value.exact } };
      });
      return { name: route.name, match: { prefix: "/", ...(headers.length ? { headers } : {}) }, route: target };
    });
  });
}

/**
 * The HTTP filters of a sidecar's inbound chain in Istio's order: the
 * extensions' filters where the translation's layout puts them, and
 * Istio's own filters (given by their layout name) in their slots; Istio
 * filters that are not given are absent, as when no resource asks for them.
 */
export function inboundChain(translation: ProxyTranslation, istioFilters: Record<string, NativeFilter>): HttpFilter[] {
  const byName = new Map(translation.httpFilters.map((filter) => [filter.name, filter]));
  const chain: HttpFilter[] = [];
  for (const slot of translation.layout) {
    if (slot.kind === "extension") chain.push({ native: byName.get(slot.filterName) as unknown as NativeFilter });
    else if (istioFilters[slot.filterName] && slot.filterName !== "envoy.filters.http.router") chain.push({ native: istioFilters[slot.filterName] });
  }
  const unplaced = Object.keys(istioFilters).filter((name) => !translation.layout.some((slot) => slot.filterName === name));
  if (unplaced.length > 0) throw new Error(`no slot for ${unplaced.join(", ")} in Istio's inbound chain`);
  return chain;
}
