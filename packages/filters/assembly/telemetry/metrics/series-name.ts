// The name encoding that carries labels through proxy-wasm's flat metric
// names. It is Istio's: each label is `<name>=.=<value>;.;`, and the metric
// name comes last, e.g.
//
//   response_code=.=200;.;request_method=.=GET;.;envoyscript_requests_total
//
// Envoy shows it as `wasmcustom.<that name>` in /stats. A stats_tags rule per
// label whose first capture group is the whole `<name>=.=<value>;.;` segment
// and whose second is the value removes the segment from the name and makes
// the value a Prometheus label, so /stats/prometheus prints
// `envoyscript_requests_total{response_code="200",request_method="GET"}`.
// Istio generates exactly such rules (`(<tag>=\.=(.*?);\.;)`) for the names in
// `extraStatTags`; telemetryStatsTags (src/telemetry-stats-tags.ts) generates
// anchored ones for plain Envoy. Putting the labels first leaves a clean
// metric name once every segment is cut out. Values never contain ";" or "="
// (./label-value), so a segment always ends at the first ";.;".

/** Label names and values in the order the series name carries them. */
export class LabelSet {
  readonly names: string[] = new Array<string>();
  readonly values: string[] = new Array<string>();

  add(name: string, value: string): void {
    this.names.push(name);
    this.values.push(value);
  }

  /** `name=.=value;.;` for every label: the part shared by all metrics of a request. */
  encode(): string {
    const parts = new Array<string>();
    for (let i = 0; i < this.names.length; i++) {
      parts.push(unchecked(this.names[i]));
      parts.push("=.=");
      parts.push(unchecked(this.values[i]));
      parts.push(";.;");
    }
    return parts.join("");
  }
}

/** The stat name of `metric` for the labels encoded as `encodedLabels`. */
export function seriesName(metric: string, encodedLabels: string): string {
  return encodedLabels + metric;
}
