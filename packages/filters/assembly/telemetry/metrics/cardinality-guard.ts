// Bounds the distinct values one label can take, so a hostile header cannot
// create unbounded series: the first `limit` distinct values are kept, every
// later new value is reported as the overflow value (e.g. "other"). The set
// lives in this VM: each Envoy worker thread runs its own VM, so a label can
// show up to `limit` x workers distinct values in total (documented).
//
// Each admitted value has a small index (its admission order; the overflow
// value has `limit`), so a label set can be looked up by indices without
// building its series name on every request (./series-index).

export class CardinalityGuard {
  private readonly indexByValue: Map<string, i32> = new Map<string, i32>();
  private readonly values: string[] = new Array<string>();

  constructor(public readonly limit: i32, public readonly overflowValue: string) {}

  /** `value` when already admitted or while there is room, otherwise the overflow value. */
  admit(value: string): string {
    return this.valueAt(this.admitIndex(value));
  }

  /** The index `admit` answers `value` with: below `limit` for an admitted value, `limit` for the overflow value. */
  admitIndex(value: string): i32 {
    if (value == this.overflowValue) return this.limit;
    const indexByValue = this.indexByValue;
    if (indexByValue.has(value)) return indexByValue.get(value);
    const index = this.values.length;
    if (index >= this.limit) return this.limit;
    indexByValue.set(value, index);
    this.values.push(value);
    return index;
  }

  /** The value behind an index `admitIndex` gave. */
  valueAt(index: i32): string {
    return index >= this.limit ? this.overflowValue : unchecked(this.values[index]);
  }

  /** How many distinct values were admitted so far. */
  get size(): i32 {
    return this.values.length;
  }
}
