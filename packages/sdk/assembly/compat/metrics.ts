// Metrics the 0.1.15 way: `new Counter(name)`, `counter.increment(1)`
// returning the host's status. The SDK's Metric defines the metric on first
// use (0.1.15 did it in the constructor) and keeps its id, so a metric made
// at the top level makes no hostcall while the module starts.

import { proxy_define_metric, proxy_get_metric, proxy_increment_metric, proxy_record_metric } from "../imports";
import { MetricType } from "../enums";
import { Metric as SdkMetric } from "../metrics";
import { OUT_EXTRA, OUT_U64 } from "../memory";
import { MetricTypeValues, WasmResultValues } from "./enums";

/** A metric by name; `metric_id` is the host's id (defined on first use). */
export class Metric {
  private readonly metric: SdkMetric;

  constructor(typ: MetricTypeValues, name: string) {
    this.metric = new SdkMetric(name, <MetricType>typ);
  }

  /** The host's id for this metric. Wraps `proxy_define_metric` the first time; traps if the host refuses. */
  get metric_id(): u32 {
    return this.metric.metricId();
  }
}

/** A value that goes up and down. */
export class Gauge extends Metric {
  constructor(name: string) {
    super(MetricTypeValues.Gauge, name);
  }

  /** Adds `offset` (may be negative). Wraps `proxy_increment_metric`. */
  increment(offset: i64): WasmResultValues {
    return increment_metric(this.metric_id, offset);
  }

  /** Sets metric `metric_id` to `value` (0.1.15's signature: pass `gauge.metric_id`). Wraps `proxy_record_metric`. */
  record(metric_id: u32, value: u64): WasmResultValues {
    return record_metric(metric_id, value);
  }
}

/** A distribution of recorded values. */
export class Histogram extends Metric {
  constructor(name: string) {
    super(MetricTypeValues.Histogram, name);
  }

  /** Wraps `proxy_increment_metric` (Envoy refuses it on histograms). */
  increment(offset: i64): WasmResultValues {
    return increment_metric(this.metric_id, offset);
  }

  /** Records `value` into metric `metric_id` (0.1.15's signature: pass `histogram.metric_id`). Wraps `proxy_record_metric`. */
  record(metric_id: u32, value: u64): WasmResultValues {
    return record_metric(metric_id, value);
  }
}

/** A monotonically increasing count. */
export class Counter extends Metric {
  constructor(name: string) {
    super(MetricTypeValues.Counter, name);
  }

  /** Adds `offset`. Wraps `proxy_increment_metric`. */
  increment(offset: u32): WasmResultValues {
    return increment_metric(this.metric_id, <i64>offset);
  }
}

/** What `define_metric` answers: `metric_id` is set when `result` is Ok. */
export class MetricResult {
  result: WasmResultValues = WasmResultValues.Ok;
  metric_id: u32 = 0;
}

/** Defines a metric. Wraps `proxy_define_metric`. */
export function define_metric(typ: MetricTypeValues, name: string): MetricResult {
  const nameBytes = String.UTF8.encode(name);
  store<u32>(OUT_EXTRA, 0);
  const result = new MetricResult();
  result.result = <WasmResultValues>proxy_define_metric(<u32>typ, changetype<usize>(nameBytes), <usize>nameBytes.byteLength, OUT_EXTRA);
  if (result.result == WasmResultValues.Ok) result.metric_id = load<u32>(OUT_EXTRA);
  return result;
}

/** Adds `offset` to a counter or gauge. Wraps `proxy_increment_metric`. */
export function increment_metric(metric_id: u32, offset: i64): WasmResultValues {
  return <WasmResultValues>proxy_increment_metric(metric_id, offset);
}

/** Sets a gauge or records into a histogram. Wraps `proxy_record_metric`. */
export function record_metric(metric_id: u32, value: u64): WasmResultValues {
  return <WasmResultValues>proxy_record_metric(metric_id, value);
}

/** What `get_metric` answers: `data` is set when `result` is Ok. */
export class MetricData {
  result: WasmResultValues = WasmResultValues.Ok;
  data: u64 = 0;
}

/** The current value of a metric. Wraps `proxy_get_metric` (0.1.15 called `proxy_record_metric` here by mistake). */
export function get_metric(metric_id: u32): MetricData {
  store<u64>(OUT_U64, 0);
  const result = new MetricData();
  result.result = <WasmResultValues>proxy_get_metric(metric_id, OUT_U64);
  if (result.result == WasmResultValues.Ok) result.data = load<u64>(OUT_U64);
  return result;
}
