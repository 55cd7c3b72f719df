/**
 * Envoy's Wasm floor as load configurations: the hand-written modules of
 * bench/floor, on the same route, request and Envoy settings as every
 * other row, measured in the same interleaved rounds.
 */
import { floorModulePath } from "../floor/build.ts";
import type { FloorModule } from "../floor/modules.ts";
import { CATCH_ALL, RESPONSE_BODY, directBootstrap, directRoute, standardRequest } from "./common.ts";
import type { LoadConfiguration, ScenarioContext } from "./types.ts";

export function floorConfigurations(context: ScenarioContext, modules: readonly FloorModule[]): LoadConfiguration[] {
  const request = standardRequest(context.jwt);
  return modules.map((module) => {
    const plugin = { module: floorModulePath(module), rootId: "floor", configuration: "" };
    return {
      id: module.id,
      family: "floor",
      variant: "floor",
      label: module.label,
      modules: [plugin.module],
      plugin,
      bootstrap: () => directBootstrap([{ wasm: plugin }], [directRoute(CATCH_ALL)]),
      request,
      // A hostcall that does not answer OK traps the module: the sanity request then gets 503.
      expect: { status: 200, body: RESPONSE_BODY, ...(module.expectHeader ? { header: module.expectHeader } : {}) },
    };
  });
}
