// A set of Unicode code points as sorted, non-overlapping, non-adjacent
// inclusive ranges. Built while parsing (unsorted additions are fine), then
// normalized once; the compiler copies the ranges into the program.

import { foldRange } from "./case-fold";

/** The largest Unicode code point. */
export const MAX_RUNE: u32 = 0x10ffff;

export class CharClass {
  /** Flat pairs: lo0, hi0, lo1, hi1, ... (inclusive). */
  ranges: Array<u32> = [];

  get rangeCount(): i32 {
    return this.ranges.length >>> 1;
  }

  lo(index: i32): u32 {
    return this.ranges[index << 1];
  }

  hi(index: i32): u32 {
    return this.ranges[(index << 1) + 1];
  }

  addRange(lo: u32, hi: u32): CharClass {
    this.ranges.push(lo);
    this.ranges.push(hi);
    return this;
  }

  addRune(rune: u32): CharClass {
    return this.addRange(rune, rune);
  }

  addClass(other: CharClass): CharClass {
    for (let i = 0; i < other.ranges.length; i++) this.ranges.push(other.ranges[i]);
    return this;
  }

  /** Adds every code point that is not in `other`. */
  addNegatedClass(other: CharClass): CharClass {
    const negated = new CharClass().addClass(other);
    negated.negate();
    return this.addClass(negated);
  }

  /** Sorts and merges overlapping or adjacent ranges. */
  normalize(): void {
    const count = this.rangeCount;
    if (count == 0) return;
    const order = new Array<u64>(count);
    for (let i = 0; i < count; i++) {
      order[i] = (<u64>this.lo(i) << 32) | <u64>this.hi(i);
    }
    order.sort((a: u64, b: u64): i32 => (a < b ? -1 : a > b ? 1 : 0));
    const merged = new Array<u32>();
    let lo = <u32>(order[0] >>> 32);
    let hi = <u32>order[0];
    for (let i = 1; i < count; i++) {
      const nextLo = <u32>(order[i] >>> 32);
      const nextHi = <u32>order[i];
      if (nextLo <= hi + 1) {
        if (nextHi > hi) hi = nextHi;
      } else {
        merged.push(lo);
        merged.push(hi);
        lo = nextLo;
        hi = nextHi;
      }
    }
    merged.push(lo);
    merged.push(hi);
    this.ranges = merged;
  }

  /** Replaces the set with its complement over [0, MAX_RUNE]. */
  negate(): void {
    this.normalize();
    const complement = new Array<u32>();
    let next: u32 = 0;
    for (let i = 0; i < this.rangeCount; i++) {
      const lo = this.lo(i);
      if (lo > next) {
        complement.push(next);
        complement.push(lo - 1);
      }
      next = this.hi(i) + 1;
    }
    if (next <= MAX_RUNE) {
      complement.push(next);
      complement.push(MAX_RUNE);
    }
    this.ranges = complement;
  }

  /** Adds the upper- and lower-case forms of every member (for `(?i)`). */
  foldCase(): void {
    this.normalize();
    const extra = new Array<u32>();
    for (let i = 0; i < this.rangeCount; i++) foldRange(this.lo(i), this.hi(i), extra);
    for (let i = 0; i < extra.length; i++) this.addRune(extra[i]);
    this.normalize();
  }

  contains(rune: u32): bool {
    let low = 0;
    let high = this.rangeCount - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      if (rune < this.lo(mid)) high = mid - 1;
      else if (rune > this.hi(mid)) low = mid + 1;
      else return true;
    }
    return false;
  }

  /** True when the (normalized) class is a single code point. */
  get isSingleRune(): bool {
    return this.ranges.length == 2 && this.ranges[0] == this.ranges[1];
  }

  /** True when the (normalized) class holds every code point. */
  get isEverything(): bool {
    return this.ranges.length == 2 && this.ranges[0] == 0 && this.ranges[1] == MAX_RUNE;
  }
}
