// telemetry: Istio-style request metrics with custom dimensions and a
// cardinality guard, trace headers, and a filtered JSON access log, from one
// JSON configuration. See docs/telemetry.md.

export * from "@envoyscript/sdk/assembly/proxy";
import { RootContext, registerRootContext } from "@envoyscript/sdk/assembly";
import { FILTER_NAME, TelemetryRoot } from "./root";

registerRootContext((contextId: u32, rootId: string): RootContext => new TelemetryRoot(contextId, rootId, FILTER_NAME), FILTER_NAME);
