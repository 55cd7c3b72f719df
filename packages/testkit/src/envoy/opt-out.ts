/**
 * Real-Envoy tests run unless the user opts out explicitly with
 * ENVOYSCRIPT_SKIP_ENVOY=1. When Envoy cannot be provisioned they fail with
 * the reason rather than being skipped silently.
 */
export function realEnvoySkipped(): boolean {
  const value = process.env.ENVOYSCRIPT_SKIP_ENVOY;
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
}
