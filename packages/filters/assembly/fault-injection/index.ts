// fault-injection: Istio-style delays and aborts for a share of matching
// requests, Envoy-style per-request fault headers, a limit on active faults
// across the whole Envoy, and metrics of what was injected.
// Configuration: docs/fault-injection.md; schema: schemas/fault-injection.schema.json.

export * from "@envoyscript/sdk/assembly/proxy";
import { RootContext, registerRootContext } from "@envoyscript/sdk/assembly";
import { FILTER_NAME, FaultRoot } from "./root";

registerRootContext((contextId: u32, rootId: string): RootContext => new FaultRoot(contextId, rootId, FILTER_NAME), FILTER_NAME);
