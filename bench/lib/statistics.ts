/** Order statistics over a round's samples (medians and spread, never means of ratios). */

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Interquartile range (q3 - q1), linear interpolation. */
  readonly iqr: number;
}

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}

export function spread(values: readonly number[]): Spread {
  return {
    median: quantile(values, 0.5),
    min: Math.min(...values),
    max: Math.max(...values),
    iqr: quantile(values, 0.75) - quantile(values, 0.25),
  };
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}
