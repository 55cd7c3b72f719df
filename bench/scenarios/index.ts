import { baselineConfigurations } from "./baseline.ts";
import { floorModules } from "../floor/modules.ts";
import { faultConfigurations } from "./fault-injection.ts";
import { floorConfigurations } from "./floor.ts";
import { jwtConfigurations } from "./jwt-authz.ts";
import { routingConfigurations } from "./routing-headers.ts";
import { telemetryConfigurations } from "./telemetry.ts";
import type { LoadConfiguration, ScenarioContext } from "./types.ts";

/** Every configuration of the load benchmark, baseline first, then Envoy's Wasm floor. */
export function loadConfigurations(context: ScenarioContext): LoadConfiguration[] {
  return [
    ...baselineConfigurations(context),
    ...floorConfigurations(context, floorModules()),
    ...routingConfigurations(context),
    ...faultConfigurations(context),
    ...telemetryConfigurations(context),
    ...jwtConfigurations(context),
  ];
}
