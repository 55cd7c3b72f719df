// Records one finished request: evaluates every label, sanitises and guards
// its value, and updates the series of that label set. Series are cached by
// their encoded labels, so the number of defined metrics is bounded by the
// product of the guards' limits.

import { MetricsConfig } from "../config/metrics-config";
import { AttributeSource } from "../expr/attribute-source";
import { LabelSet } from "./series-name";
import { RequestSeries } from "./request-series";
import { sanitizeLabelValue } from "./label-value";

export class RequestMetrics {
  private readonly series: Map<string, RequestSeries> = new Map<string, RequestSeries>();

  constructor(private readonly config: MetricsConfig) {}

  /** The labels of the current request, each value sanitised and guarded. */
  labels(source: AttributeSource): LabelSet {
    const labels = new LabelSet();
    const dimensions = this.config.dimensions;
    for (let i = 0; i < dimensions.length; i++) {
      const dimension = unchecked(dimensions[i]);
      const value = dimension.expression.evaluate(source);
      let text = value.present ? sanitizeLabelValue(value.toText(), this.config.maxValueLength) : "";
      if (text.length == 0) text = dimension.defaultValue;
      labels.add(dimension.name, dimension.guard.admit(text));
    }
    return labels;
  }

  /** Counts the request and records its duration (ms) and sizes (bytes). */
  record(source: AttributeSource, durationMs: f64, requestBytes: f64, responseBytes: f64): void {
    const series = this.seriesFor(this.labels(source).encode());
    series.requests.increment(1);
    if (durationMs >= 0) series.duration.record(<u64>Math.round(durationMs));
    if (requestBytes >= 0) series.requestBytes.record(<u64>requestBytes);
    if (responseBytes >= 0) series.responseBytes.record(<u64>responseBytes);
  }

  /** How many label sets this VM has recorded. */
  get seriesCount(): i32 {
    return this.series.size;
  }

  private seriesFor(encodedLabels: string): RequestSeries {
    if (this.series.has(encodedLabels)) return this.series.get(encodedLabels);
    const created = new RequestSeries(this.config.prefix, encodedLabels);
    this.series.set(encodedLabels, created);
    return created;
  }
}
