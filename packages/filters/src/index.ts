// Public TypeScript entry of @envoyscript/filters (helpers that go with the
// filters' wasm modules). Explicit re-exports only.
export { TELEMETRY_BUILTIN_LABELS, telemetryLabelNames, telemetryStatsTags } from "./telemetry-stats-tags.ts";
export type { StatsTagRule, TelemetryMetricsConfig } from "./telemetry-stats-tags.ts";
