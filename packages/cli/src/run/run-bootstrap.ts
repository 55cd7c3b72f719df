import { buildBootstrap, wasmHttpFilter, type HttpFilter, type NativeFilter } from "@envoyscript/testkit";
import { CliError } from "../errors.ts";
import { addStatsTags, insertHttpFilters, readEnvoyConfig } from "./envoy-config.ts";
import type { RunArgs } from "./filter-args.ts";
import type { RunEnvoyOptions } from "./session.ts";
import { telemetryStatsTagsOf } from "./stats-tags.ts";
import type { RunUpstreams } from "./upstreams.ts";

/**
 * The Envoy configuration of a `run` session: the user's own bootstrap with
 * the filters inserted (--envoy-config), or one listener in front of the
 * upstreams routed by `args.routeHeader` (network filters, from type NETWORK
 * plugins, before its HTTP connection manager); either way with the tag rules
 * that give the telemetry filter's labels to Prometheus.
 */
export async function runSession(args: RunArgs, filters: readonly HttpFilter[], networkFilters: readonly NativeFilter[], upstreams: RunUpstreams | null): Promise<RunEnvoyOptions> {
  if (args.envoyConfig !== null && networkFilters.length > 0) {
    throw new CliError("E_USAGE", "--envoy-config takes HTTP filters only: a type NETWORK plugin needs the generated listener (leave out --envoy-config)", 2);
  }
  const bootstrap =
    args.envoyConfig !== null
      ? insertHttpFilters(readEnvoyConfig(args.envoyConfig), filters.map(httpFilterEntry), args.envoyConfig)
      : buildBootstrap({ filters, networkFilters, upstreams: upstreams?.clusters ?? [], clusterHeader: args.routeHeader, listenerPort: args.port });
  addStatsTags(bootstrap, await telemetryStatsTagsOf(args.filters));
  return { bootstrap, filters: [], upstreams: [], verbose: args.verbose };
}

function httpFilterEntry(filter: HttpFilter): Record<string, unknown> {
  return "native" in filter ? { ...filter.native } : wasmHttpFilter(filter.wasm);
}
