// jwt-authz: Istio's RequestAuthentication and AuthorizationPolicy for any
// Envoy, from one JSON configuration (see docs/jwt-authz.md). Root id
// "jwt-authz".

export * from "@envoyscript/sdk/assembly/proxy";
import { RootContext, registerRootContext } from "@envoyscript/sdk/assembly";
import { FILTER_NAME, JwtAuthzRoot } from "./root";

registerRootContext((contextId: u32, rootId: string): RootContext => new JwtAuthzRoot(contextId, rootId, FILTER_NAME), FILTER_NAME);
