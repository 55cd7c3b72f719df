// telemetry: Istio-style request metrics with custom dimensions and a
// cardinality guard, trace headers, and a filtered JSON access log, from one
// JSON configuration. See docs/telemetry.md.

export * from "@envoyscript/sdk/assembly/proxy";
import { RootContext } from "@envoyscript/sdk/assembly/contexts/root-context";
import { registerRootContext } from "@envoyscript/sdk/assembly/dispatch/registry";
import { TelemetryRoot } from "./telemetry-root";

registerRootContext((contextId: u32, rootId: string): RootContext => new TelemetryRoot(contextId, rootId), "telemetry");
