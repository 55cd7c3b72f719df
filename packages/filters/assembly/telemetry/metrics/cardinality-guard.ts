// Bounds the distinct values one label can take, so a hostile header cannot
// create unbounded series: the first `limit` distinct values are kept, every
// later new value is reported as the overflow value (e.g. "other"). The set
// lives in this VM: each Envoy worker thread runs its own VM, so a label can
// show up to `limit` x workers distinct values in total (documented).

export class CardinalityGuard {
  private readonly admitted: Set<string> = new Set<string>();

  constructor(public readonly limit: i32, public readonly overflowValue: string) {}

  /** `value` when already admitted or while there is room, otherwise the overflow value. */
  admit(value: string): string {
    if (value == this.overflowValue || this.admitted.has(value)) return value;
    if (this.admitted.size >= this.limit) return this.overflowValue;
    this.admitted.add(value);
    return value;
  }

  /** How many distinct values were admitted so far. */
  get size(): i32 {
    return this.admitted.size;
  }
}
