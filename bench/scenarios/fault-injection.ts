/**
 * fault-injection as it runs in production: installed, injecting a delay and
 * an abort only into requests tagged `x-chaos-test: true`, which the
 * benchmark's request is not. Native equivalent: envoy.filters.http.fault
 * with the same header condition.
 */
import { filterModule } from "../lib/paths.ts";
import { CATCH_ALL, RESPONSE_BODY, directBootstrap, directRoute, standardRequest } from "./common.ts";
import type { LoadConfiguration, ScenarioContext } from "./types.ts";

export const FAULT_CONFIG = {
  match: [{ headers: { "x-chaos-test": { exact: "true" } } }],
  delay: { fixedDelay: "200ms", percentage: { value: 50 } },
  abort: { httpStatus: 503, percentage: { value: 10 } },
};

const NATIVE_FAULT = {
  name: "envoy.filters.http.fault",
  typed_config: {
    "@type": "type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault",
    headers: [{ name: "x-chaos-test", string_match: { exact: "true" } }],
    delay: { fixed_delay: "0.2s", percentage: { numerator: 50, denominator: "HUNDRED" } },
    abort: { http_status: 503, percentage: { numerator: 10, denominator: "HUNDRED" } },
  },
};

export function faultConfigurations(context: ScenarioContext): LoadConfiguration[] {
  const request = standardRequest(context.jwt);
  const ours = filterModule("fault-injection");
  const plugin = { module: ours, rootId: "fault-injection", configuration: FAULT_CONFIG };
  return [
    {
      id: "fault-injection/ours",
      family: "fault-injection",
      variant: "ours",
      label: "fault-injection (AssemblyScript), untagged traffic",
      modules: [ours],
      plugin,
      bootstrap: () => directBootstrap([{ wasm: plugin }], [directRoute(CATCH_ALL)]),
      request,
      expect: { status: 200, body: RESPONSE_BODY },
    },
    {
      id: "fault-injection/native",
      family: "fault-injection",
      variant: "native",
      label: "envoy.filters.http.fault (native), untagged traffic",
      modules: [],
      bootstrap: () => directBootstrap([{ native: NATIVE_FAULT }], [directRoute(CATCH_ALL)]),
      request,
      expect: { status: 200, body: RESPONSE_BODY },
    },
  ];
}
