import { buildBootstrap, type StartEnvoyOptions, type WasmFilter } from "@envoyscript/testkit";
import { telemetryStatsTags } from "@envoyscript/filters";
import type { DemoIdentity } from "./demo-tokens.ts";
import type { DemoFilter } from "./filter-modules.ts";
import { DEMO_CHAIN } from "./filter-modules.ts";
import { DESTINATION_HEADER, faultInjectionConfig, jwtAuthzConfig, routingHeadersConfig, telemetryConfig } from "./filter-configs.ts";
import type { ReviewsService } from "./reviews-service.ts";

/** The workload name telemetry reports as `destination_workload` (read from the node metadata, as in Istio). */
const WORKLOAD_NAME = "reviews";

/** The demo's wasm plugins in chain order, each with its configuration. */
export function demoFilters(modules: Record<DemoFilter, string>, identity: DemoIdentity): WasmFilter[] {
  const configurations: Record<DemoFilter, Record<string, unknown>> = {
    telemetry: telemetryConfig(),
    "jwt-authz": jwtAuthzConfig(identity),
    "fault-injection": faultInjectionConfig(),
    "routing-headers": routingHeadersConfig(),
  };
  return DEMO_CHAIN.map((name) => ({ module: modules[name], rootId: name, configuration: configurations[name] }));
}

/**
 * Envoy for the demo: the chain in front of the reviews backends, routed by
 * the destination header the routing filter writes (default reviews-v1),
 * with the tag rules that turn telemetry's encoded names into Prometheus labels.
 */
export function demoEnvoyOptions(filters: readonly WasmFilter[], service: ReviewsService, listenerPort: number): StartEnvoyOptions {
  const telemetry = filters.find((filter) => filter.rootId === "telemetry")?.configuration as Record<string, unknown>;
  const options: StartEnvoyOptions = {
    filters: filters.map((wasm) => ({ wasm })),
    upstreams: service.backends.map((backend) => ({ name: backend.name, port: backend.port })),
    clusterHeader: DESTINATION_HEADER,
    listenerPort,
    node: { id: "envoyscript-demo", cluster: WORKLOAD_NAME, metadata: { WORKLOAD_NAME } },
    statsConfig: { stats_tags: telemetryStatsTags(telemetry) },
    componentLogLevel: "wasm:info",
  };
  // Flushing on each admin request (a bootstrap field, not a stats_config one)
  // makes /stats/prometheus show histograms at once instead of every 5 s.
  return { ...options, bootstrap: { ...buildBootstrap(options), stats_flush_on_admin: true } };
}
