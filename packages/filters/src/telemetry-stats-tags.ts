/**
 * Envoy `stats_config.stats_tags` rules for the telemetry filter's metrics.
 *
 * The filter encodes labels in the (flat) proxy-wasm metric name, Istio's
 * way: `response_code=.=200;.;team=.=payments;.;envoyscript_requests_total`,
 * shown by Envoy as `wasmcustom.<name>`. Envoy turns a part of a stat name
 * into a Prometheus label only through a tag extraction rule whose first
 * capture group is the part to cut out of the name and whose second is the
 * label's value. These rules are anchored on the `wasmcustom.` namespace and
 * on segment boundaries, so a label name is never matched inside another one
 * or inside a value.
 *
 * In Istio the same labels come from `meshConfig.defaultConfig.extraStatTags`
 * (or the `sidecar.istio.io/extraStatTags` annotation): list
 * {@link telemetryLabelNames} there.
 */

/** One `stats_config.stats_tags` entry as Envoy's bootstrap takes it. */
export interface StatsTagRule {
  readonly tag_name: string;
  readonly regex: string;
}

/** The labels every series carries, before the custom dimensions (the filter's BUILTIN_LABELS). */
export const TELEMETRY_BUILTIN_LABELS: readonly string[] = ["response_code", "request_method", "request_protocol", "source_workload", "destination_workload"];

/** The part of the filter's configuration this module reads. */
export interface TelemetryMetricsConfig {
  readonly metrics?: { readonly dimensions?: Readonly<Record<string, unknown>> };
}

/** Every label name the filter's series carry for `config`: built-in labels, then custom dimensions in order. */
export function telemetryLabelNames(config: TelemetryMetricsConfig | Record<string, unknown>): string[] {
  const metrics = (config as TelemetryMetricsConfig).metrics;
  const dimensions = metrics?.dimensions ?? {};
  return [...TELEMETRY_BUILTIN_LABELS, ...Object.keys(dimensions)];
}

/**
 * The tag extraction rules that make the filter's labels Prometheus labels in
 * plain Envoy, for the filter configuration `config` (the same object as its
 * plugin configuration). Put them in the bootstrap's `stats_config.stats_tags`.
 */
export function telemetryStatsTags(config: TelemetryMetricsConfig | Record<string, unknown>): StatsTagRule[] {
  return telemetryLabelNames(config).map((name) => ({ tag_name: name, regex: labelRegex(name) }));
}

/**
 * `^wasmcustom\.` then any whole segments (`<other>=.=<value>;.;`, values
 * never hold ";"), then this label's segment: group 1 is cut from the name,
 * group 2 is the value.
 */
function labelRegex(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new TypeError(`telemetryStatsTags: label name ${JSON.stringify(name)} must match [a-z_][a-z0-9_]*`);
  return `^wasmcustom\\.(?:[^;]*;\\.;)*?(${name}=\\.=([^;]*);\\.;)`;
}
