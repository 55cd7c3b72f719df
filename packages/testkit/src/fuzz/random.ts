/** A small seeded PRNG (mulberry32): the same seed gives the same traffic, so a failure can be replayed. */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, max). */
  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** A size skewed towards small values, with rare large ones (up to `max`). */
  size(max: number): number {
    const roll = this.next();
    if (roll < 0.7) return this.int(Math.min(max, 16) + 1);
    if (roll < 0.95) return this.int(Math.min(max, 512) + 1);
    return this.int(max + 1);
  }
}
