// routing-headers: Istio VirtualService-style HTTP routing for any Envoy.
// Ordered rules match on uri, headers, cookies, query parameters, method and
// authority; the first that holds picks a destination (weighted, random or
// sticky) by setting a request header Envoy's route table acts on, edits
// headers, rewrites, redirects or answers directly. See docs/routing-headers.md.

export * from "@envoyscript/sdk/assembly/proxy";
import { RootContext, registerRootContext } from "@envoyscript/sdk/assembly";
import { FILTER_NAME, RoutingRoot } from "./root";

registerRootContext((contextId: u32, rootId: string): RootContext => new RoutingRoot(contextId, rootId, FILTER_NAME), FILTER_NAME);
