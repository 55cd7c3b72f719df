/**
 * Metrics defined by modules, readable by name. Envoy keeps one stat per name
 * (prefixed `wasmcustom.` in its stats output); every VM that defines the
 * name shares it. Counters and gauges keep a value, histograms every
 * recorded value.
 */
import { MetricType } from "../abi/enums.ts";
import type { MetricCell, MetricsPort } from "../hostcalls/ports.ts";

export type MetricTypeName = "counter" | "gauge" | "histogram";

export interface Metric extends MetricCell {
  readonly name: string;
  readonly type: MetricTypeName;
  value: number;
  /** Histogram: every recorded value, in order. */
  readonly values: number[];
}

const TYPE_NAMES: Record<number, MetricTypeName> = { [MetricType.COUNTER]: "counter", [MetricType.GAUGE]: "gauge", [MetricType.HISTOGRAM]: "histogram" };

export class MetricStore implements MetricsPort {
  private readonly byKey = new Map<string, Metric>();

  /** The metric named `name` (a `wasmcustom.` prefix is accepted), or undefined. */
  get(name: string): Metric | undefined {
    const plain = name.startsWith("wasmcustom.") ? name.slice("wasmcustom.".length) : name;
    for (const type of ["counter", "gauge", "histogram"] as const) {
      const metric = this.byKey.get(`${type}:${plain}`);
      if (metric) return metric;
    }
    return undefined;
  }

  /** The value of a counter or gauge, or undefined when no such metric exists. */
  value(name: string): number | undefined {
    return this.get(name)?.value;
  }

  all(): Metric[] {
    return [...this.byKey.values()];
  }

  /** Finds or creates the stat behind `proxy_define_metric`. */
  define(type: number, name: string): Metric {
    const typeName = TYPE_NAMES[type]!;
    const key = `${typeName}:${name}`;
    let metric = this.byKey.get(key);
    if (!metric) {
      metric = { name, type: typeName, value: 0, values: [] };
      this.byKey.set(key, metric);
    }
    return metric;
  }
}
