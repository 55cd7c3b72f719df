/**
 * routing-headers: three Istio-style rules (a header/cookie canary, an API
 * rule with a method regex, a default with header edits). The benchmark's
 * request falls through the first two rules to the default, so every
 * request evaluates every condition. Native equivalent: the same matches in
 * Envoy's route table, header_mutation for the request edits (a route's
 * request_headers_to_add is not applied on direct responses), and the
 * route's response_headers_to_add.
 */
import { filterModule } from "../lib/paths.ts";
import { CATCH_ALL, directBootstrap, directRoute, standardRequest } from "./common.ts";
import type { LoadConfiguration, ScenarioContext } from "./types.ts";

const DESTINATION_HEADER = "x-route-destination";

export const ROUTING_CONFIG = {
  destinationHeader: DESTINATION_HEADER,
  rules: [
    {
      name: "jason-to-v2",
      match: [{ headers: { "end-user": { exact: "jason" } } }, { headers: { cookie: { regex: ".*beta=1.*" } } }],
      route: [{ destination: "v2" }],
    },
    {
      name: "api-v3",
      match: [{ uri: { prefix: "/api/" }, method: { regex: "GET|HEAD" } }],
      route: [{ destination: "v3" }],
      headers: { request: { set: { "x-api-version": "3" } } },
    },
    {
      name: "default",
      route: [{ destination: "v1" }],
      headers: {
        request: { set: { "x-envoyscript-route": "default" }, remove: ["x-internal-debug"] },
        response: { set: { "x-served-by": "v1" } },
      },
    },
  ],
};

/** Routes on the destination header the filter writes (Envoy re-selects the route after the filter's edit). */
function destinationRoutes(): Record<string, unknown>[] {
  return ["v1", "v2", "v3"].map((destination) =>
    directRoute({ prefix: "/", headers: [{ name: DESTINATION_HEADER, string_match: { exact: destination } }] }, destination),
  ).concat([directRoute(CATCH_ALL, "unrouted")]);
}

function nativeRoutes(): Record<string, unknown>[] {
  const served = { response_headers_to_add: [{ header: { key: "x-served-by", value: "v1" }, append_action: "OVERWRITE_IF_EXISTS_OR_ADD" }] };
  return [
    directRoute({ prefix: "/", headers: [{ name: "end-user", string_match: { exact: "jason" } }] }, "v2"),
    directRoute({ prefix: "/", headers: [{ name: "cookie", string_match: { safe_regex: { regex: ".*beta=1.*" } } }] }, "v2"),
    directRoute({ prefix: "/api/", headers: [{ name: ":method", string_match: { safe_regex: { regex: "GET|HEAD" } } }] }, "v3"),
    directRoute(CATCH_ALL, "v1", served),
  ];
}

const NATIVE_REQUEST_EDITS = {
  name: "envoy.filters.http.header_mutation",
  typed_config: {
    "@type": "type.googleapis.com/envoy.extensions.filters.http.header_mutation.v3.HeaderMutation",
    mutations: {
      request_mutations: [
        { remove: "x-internal-debug" },
        { append: { header: { key: "x-envoyscript-route", value: "default" }, append_action: "OVERWRITE_IF_EXISTS_OR_ADD" } },
      ],
    },
  },
};

export function routingConfigurations(context: ScenarioContext): LoadConfiguration[] {
  const request = standardRequest(context.jwt);
  const ours = filterModule("routing-headers");
  const goPeer = context.goPeer["routing-headers"];
  const expect = { status: 200, body: "v1", header: ["x-served-by", "v1"] as const };
  const ourPlugin = { module: ours, rootId: "routing-headers", configuration: ROUTING_CONFIG };
  const goPlugin = { module: goPeer ?? "go-peer/routing-headers.wasm (Go build failed)", rootId: "routing-headers", configuration: ROUTING_CONFIG };
  return [
    {
      id: "routing-headers/ours",
      family: "routing-headers",
      variant: "ours",
      label: "routing-headers (AssemblyScript)",
      modules: [ours],
      plugin: ourPlugin,
      bootstrap: () => directBootstrap([{ wasm: ourPlugin }], destinationRoutes()),
      request,
      expect,
    },
    {
      id: "routing-headers/native",
      family: "routing-headers",
      variant: "native",
      label: "route header match + header_mutation (native)",
      modules: [],
      bootstrap: () => directBootstrap([{ native: NATIVE_REQUEST_EDITS }], nativeRoutes()),
      request,
      expect,
    },
    {
      id: "routing-headers/go-peer",
      family: "routing-headers",
      variant: "go-peer",
      label: "routing-headers (Go SDK peer)",
      modules: goPeer ? [goPeer] : ["go-peer/routing-headers.wasm (Go build failed)"],
      plugin: goPlugin,
      bootstrap: () => directBootstrap([{ wasm: goPlugin }], destinationRoutes()),
      request,
      expect,
    },
  ];
}
