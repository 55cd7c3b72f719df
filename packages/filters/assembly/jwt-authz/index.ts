// jwt-authz: Istio's RequestAuthentication and AuthorizationPolicy for any
// Envoy, from one JSON configuration (see docs/jwt-authz.md). Root id
// "jwt-authz".

export * from "@envoyscript/sdk/assembly/proxy";
import { RootContext } from "@envoyscript/sdk/assembly/contexts/root-context";
import { registerRootContext } from "@envoyscript/sdk/assembly/dispatch/registry";
import { JwtAuthzRoot } from "./plugin-root";

registerRootContext((contextId: u32, rootId: string): RootContext => new JwtAuthzRoot(contextId, rootId), "jwt-authz");
