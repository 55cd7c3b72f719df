// Records one finished request: evaluates every label, sanitises and guards
// its value, and updates the series of that label set. Series are found by
// the guards' value indices (./series-index) and their names are built only
// when a label set is first seen, so the number of defined metrics is bounded
// by the product of the guards' limits and a repeated label set costs no
// string building and no proxy_define_metric.

import { Dimension, MetricsConfig } from "../config/metrics-config";
import { AttributeSource } from "../expr/attribute-source";
import { LabelSet } from "./series-name";
import { RequestSeries } from "./request-series";
import { SeriesIndex } from "./series-index";
import { sanitizeLabelValue } from "./label-value";

export class RequestMetrics {
  private readonly index: SeriesIndex = new SeriesIndex();
  /** The current request's value index per dimension, reused across requests. */
  private readonly valueIndices: i32[];
  private count: i32 = 0;

  constructor(private readonly config: MetricsConfig) {
    this.valueIndices = new Array<i32>(config.dimensions.length);
  }

  /** The labels of the current request, each value sanitised and guarded. */
  labels(source: AttributeSource): LabelSet {
    const labels = new LabelSet();
    const dimensions = this.config.dimensions;
    for (let i = 0; i < dimensions.length; i++) {
      const dimension = unchecked(dimensions[i]);
      labels.add(dimension.name, dimension.guard.admit(this.labelText(dimension, source)));
    }
    return labels;
  }

  /** Counts the request and records its duration (ms) and sizes (bytes). */
  record(source: AttributeSource, durationMs: f64, requestBytes: f64, responseBytes: f64): void {
    const series = this.seriesFor(source);
    series.requests.increment(1);
    if (durationMs >= 0) series.duration.record(<u64>Math.round(durationMs));
    if (requestBytes >= 0) series.requestBytes.record(<u64>requestBytes);
    if (responseBytes >= 0) series.responseBytes.record(<u64>responseBytes);
  }

  /** How many label sets this VM has recorded. */
  get seriesCount(): i32 {
    return this.count;
  }

  /** The label text of `dimension` for this request, before its guard. */
  private labelText(dimension: Dimension, source: AttributeSource): string {
    const value = dimension.expression.evaluate(source);
    const text = value.present ? sanitizeLabelValue(value.toText(), this.config.maxValueLength) : "";
    return text.length == 0 ? dimension.defaultValue : text;
  }

  private seriesFor(source: AttributeSource): RequestSeries {
    const dimensions = this.config.dimensions;
    const indices = this.valueIndices;
    let node = this.index;
    for (let i = 0; i < dimensions.length; i++) {
      const index = unchecked(dimensions[i]).guard.admitIndex(this.labelText(unchecked(dimensions[i]), source));
      unchecked((indices[i] = index));
      node = node.child(index);
    }
    const known = node.series;
    if (known !== null) return known;
    const created = new RequestSeries(this.config.prefix, this.labelsOf(indices).encode());
    node.series = created;
    this.count++;
    return created;
  }

  /** The label set the value indices of the current request stand for. */
  private labelsOf(indices: i32[]): LabelSet {
    const labels = new LabelSet();
    const dimensions = this.config.dimensions;
    for (let i = 0; i < dimensions.length; i++) {
      const dimension = unchecked(dimensions[i]);
      labels.add(dimension.name, dimension.guard.valueAt(unchecked(indices[i])));
    }
    return labels;
  }
}
