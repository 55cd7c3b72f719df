import { baselineConfigurations } from "./baseline.ts";
import { faultConfigurations } from "./fault-injection.ts";
import { jwtConfigurations } from "./jwt-authz.ts";
import { routingConfigurations } from "./routing-headers.ts";
import { telemetryConfigurations } from "./telemetry.ts";
import type { LoadConfiguration, ScenarioContext } from "./types.ts";

/** Every configuration of the load benchmark, baseline first. */
export function loadConfigurations(context: ScenarioContext): LoadConfiguration[] {
  return [
    ...baselineConfigurations(context),
    ...routingConfigurations(context),
    ...faultConfigurations(context),
    ...telemetryConfigurations(context),
    ...jwtConfigurations(context),
  ];
}
