// The plugin: the SDK reads and compiles the configuration once per
// onConfigure (refusing it with one line naming the field); each HTTP
// stream gets the configuration in effect, with the metric series and the
// attribute cache it shares with the other requests.

import { FilterRoot, HttpContext, JsonField } from "@envoyscript/sdk/assembly";
import { TelemetryConfig } from "./config/config";
import { readTelemetryConfig } from "./config/read-config";
import { TelemetryRequest } from "./request";

export const FILTER_NAME = "telemetry";

export class TelemetryRoot extends FilterRoot<TelemetryConfig> {
  readConfig(root: JsonField): TelemetryConfig {
    return readTelemetryConfig(root);
  }

  newRequest(contextId: u32, config: TelemetryConfig): HttpContext {
    return new TelemetryRequest(contextId, this, config);
  }
}
