/**
 * Shared by every configuration: the request the load generator sends, and
 * the upstream, which is Envoy's own `direct_response` in the same Envoy. A
 * Node upstream would be the bottleneck and a second Envoy would compete for
 * the two cores; a direct response keeps the measurement on the filter chain.
 */
import { buildBootstrap, type HttpFilter } from "@envoyscript/testkit";
import type { JwtFixtures } from "../lib/jwt-fixtures.ts";
import type { LoadRequest } from "../lib/wrk-script.ts";

export const REQUEST_PATH = "/reviews/1";
export const RESPONSE_BODY = "ok";

/** The same request bytes for every configuration (a realistic browser-ish GET with a bearer token). */
export function standardRequest(jwt: JwtFixtures): LoadRequest {
  return {
    path: REQUEST_PATH,
    headers: {
      "user-agent": "envoyscript-bench/1",
      accept: "application/json",
      "accept-encoding": "gzip",
      "end-user": "alice",
      cookie: "session=4f2b9c7e1a; theme=dark",
      "x-team": "payments",
      authorization: `Bearer ${jwt.token}`,
    },
  };
}

/** A route Envoy answers itself. */
export function directRoute(match: Record<string, unknown>, body = RESPONSE_BODY, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { match, direct_response: { status: 200, body: { inline_string: body } }, ...extra };
}

export const CATCH_ALL = { prefix: "/" };

/** A bootstrap with `filters` (router appended) and `routes`, no upstream cluster. */
export function directBootstrap(filters: readonly HttpFilter[], routes: readonly Record<string, unknown>[]): Record<string, unknown> {
  return buildBootstrap({ filters, upstreams: [], routes });
}

/** The HttpConnectionManager's typed_config inside a bootstrap from buildBootstrap, for native extras. */
export function connectionManager(bootstrap: Record<string, unknown>): Record<string, unknown> {
  const resources = bootstrap.static_resources as { listeners: { filter_chains: { filters: { typed_config: Record<string, unknown> }[] }[] }[] };
  return resources.listeners[0]!.filter_chains[0]!.filters[0]!.typed_config;
}
