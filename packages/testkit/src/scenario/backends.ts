import { realEnvoySkipped } from "../envoy/opt-out.ts";
import { emulatorBackend } from "./emulator-backend.ts";
import { envoyBackend } from "./envoy-backend.ts";
import type { Backend } from "./types.ts";

/**
 * The backends a scenario runs on, for `describe.each`: the in-process
 * emulator, and real Envoy unless ENVOYSCRIPT_SKIP_ENVOY opts out.
 */
export function scenarioBackends(): Backend[] {
  return [emulatorBackend, ...(realEnvoySkipped() ? [] : [envoyBackend])];
}
