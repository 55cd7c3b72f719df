/**
 * telemetry with its defaults (request metrics with the built-in labels,
 * W3C/B3 trace context) plus one custom dimension and an access log for
 * errors only. Native equivalent: Envoy's own stats (always on), its
 * x-request-id, and an access log filtered to status >= 400. The native row
 * propagates no trace context (no tracer configured): the wasm row does more.
 */
import { telemetryStatsTags } from "../../packages/filters/src/index.ts";
import { filterModule } from "../lib/paths.ts";
import { CATCH_ALL, RESPONSE_BODY, connectionManager, directBootstrap, directRoute, standardRequest } from "./common.ts";
import type { LoadConfiguration, ScenarioContext } from "./types.ts";

export const TELEMETRY_CONFIG = {
  metrics: { dimensions: { team: 'request.headers["x-team"]' }, maxValuesPerDimension: 20 },
  accessLog: { filter: "response.code >= 400" },
};

const ERROR_ACCESS_LOG = {
  name: "envoy.access_loggers.file",
  filter: { status_code_filter: { comparison: { op: "GE", value: { default_value: 400, runtime_key: "bench.access_log.min_status" } } } },
  typed_config: { "@type": "type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog", path: "/dev/null" },
};

export function telemetryConfigurations(context: ScenarioContext): LoadConfiguration[] {
  const request = standardRequest(context.jwt);
  const ours = filterModule("telemetry");
  const plugin = { module: ours, rootId: "telemetry", configuration: TELEMETRY_CONFIG };
  return [
    {
      id: "telemetry/ours",
      family: "telemetry",
      variant: "ours",
      label: "telemetry (AssemblyScript): metrics, trace context, error log",
      modules: [ours],
      plugin,
      bootstrap: () => {
        const bootstrap = directBootstrap([{ wasm: plugin }], [directRoute(CATCH_ALL)]);
        return { ...bootstrap, stats_config: { stats_tags: telemetryStatsTags(TELEMETRY_CONFIG) } };
      },
      request,
      expect: { status: 200, body: RESPONSE_BODY },
    },
    {
      id: "telemetry/native",
      family: "telemetry",
      variant: "native",
      label: "Envoy's own stats + error access log (native)",
      modules: [],
      bootstrap: () => {
        const bootstrap = directBootstrap([], [directRoute(CATCH_ALL)]);
        connectionManager(bootstrap).access_log = [ERROR_ACCESS_LOG];
        return bootstrap;
      },
      request,
      expect: { status: 200, body: RESPONSE_BODY },
    },
  ];
}
