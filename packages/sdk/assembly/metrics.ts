// Metrics: counters, gauges and histograms defined once with
// `proxy_define_metric` (on first use) and updated by id afterwards
// (`proxy_increment_metric`, `proxy_record_metric`, `proxy_get_metric`), so a
// request pays one hostcall per update. Envoy exposes them under the
// `wasmcustom.` stats prefix. Create them once (a global, or a root context
// field), never per request.

import { proxy_define_metric, proxy_get_metric, proxy_increment_metric, proxy_record_metric } from "./imports";
import { MetricType } from "./enums";
import { OUT_EXTRA, OUT_U64 } from "./memory";
import { expectOk } from "./status";

/** What the three metric kinds share: a name, a type and the host's id. */
export class Metric {
  private id: u32 = 0;
  private defined: bool = false;

  constructor(public readonly name: string, public readonly metricType: MetricType) {}

  /**
   * The host's id for this metric, defining it on first use. Wraps
   * `proxy_define_metric`; callable in every callback.
   */
  metricId(): u32 {
    if (!this.defined) {
      const nameBytes = String.UTF8.encode(this.name);
      store<u32>(OUT_EXTRA, 0);
      expectOk(proxy_define_metric(<u32>this.metricType, changetype<usize>(nameBytes), <usize>nameBytes.byteLength, OUT_EXTRA), "proxy_define_metric");
      this.id = load<u32>(OUT_EXTRA);
      this.defined = true;
    }
    return this.id;
  }

  /**
   * Defines the metric now, so it shows in the host's stats (at 0) before
   * its first update. Wraps `proxy_define_metric`; call it at configure time.
   */
  define(): void {
    this.metricId();
  }

  protected incrementBy(offset: i64): void {
    expectOk(proxy_increment_metric(this.metricId(), offset), "proxy_increment_metric");
  }

  protected recordValue(value: u64): void {
    expectOk(proxy_record_metric(this.metricId(), value), "proxy_record_metric");
  }

  protected readValue(): u64 {
    store<u64>(OUT_U64, 0);
    expectOk(proxy_get_metric(this.metricId(), OUT_U64), "proxy_get_metric");
    return load<u64>(OUT_U64);
  }
}

/** A monotonically increasing count. */
export class Counter extends Metric {
  constructor(name: string) {
    super(name, MetricType.Counter);
  }
  /** Adds `offset` (default 1; 0 does nothing). Wraps `proxy_increment_metric`; any callback. */
  increment(offset: u64 = 1): void {
    // Envoy answers BAD_ARGUMENT to a counter increment that is not positive:
    // adding nothing is a no-op here, and a huge offset is clamped to i64.
    if (offset == 0) return;
    this.incrementBy(offset > <u64>i64.MAX_VALUE ? i64.MAX_VALUE : <i64>offset);
  }
  /** The current value. Wraps `proxy_get_metric`. */
  get(): u64 {
    return this.readValue();
  }
}

/** A value that goes up and down. */
export class Gauge extends Metric {
  constructor(name: string) {
    super(name, MetricType.Gauge);
  }
  /** Sets the value. Wraps `proxy_record_metric`. */
  set(value: u64): void {
    this.recordValue(value);
  }
  /** Adds `offset`, which may be negative. Wraps `proxy_increment_metric`. */
  add(offset: i64): void {
    this.incrementBy(offset);
  }
  /** The current value. Wraps `proxy_get_metric`. */
  get(): u64 {
    return this.readValue();
  }
}

/** A distribution of recorded values (latencies, sizes). */
export class Histogram extends Metric {
  constructor(name: string) {
    super(name, MetricType.Histogram);
  }
  /** Records one value. Wraps `proxy_record_metric`. */
  record(value: u64): void {
    this.recordValue(value);
  }
}
