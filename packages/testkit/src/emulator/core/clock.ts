/**
 * Virtual time for the emulated Envoy: `proxy_get_current_time_nanoseconds`,
 * WASI clocks, tick periods, callout timeouts and test timers all follow it.
 * Time moves only when a test calls `advance` (or a stream auto-advances it
 * while it waits on timers), so timer-driven filters run without real waiting.
 */

export interface ClockOptions {
  /**
   * Wall-clock time at the start, in milliseconds since the epoch.
   * @default Date.UTC(2025, 0, 1)
   */
  startTimeMs?: number;
}

export interface TimerHandle {
  cancel(): void;
}

/**
 * Where the monotonic clock starts. A real host's steady clock counts from
 * boot and never reads zero; Go's wasip1 runtime aborts at start when it does
 * ("nanotime returning zero").
 */
const MONOTONIC_ORIGIN_NS = 1_000_000_000n;

interface Timer {
  due: number;
  seq: number;
  repeatMs: number;
  callback: () => void;
  cancelled: boolean;
}

export class VirtualClock {
  private readonly startMs: number;
  private elapsed = 0;
  private timers: Timer[] = [];
  private seq = 0;
  /** How timer callbacks run; the host routes them through its dispatcher. */
  runTask: (task: () => void) => void = (task) => task();

  constructor(options: ClockOptions = {}) {
    this.startMs = options.startTimeMs ?? Date.UTC(2025, 0, 1);
  }

  /** Wall-clock milliseconds since the epoch. */
  now(): number {
    return this.startMs + this.elapsed;
  }

  /** Milliseconds since the host was created. */
  elapsedMs(): number {
    return this.elapsed;
  }

  nowNanoseconds(): bigint {
    return BigInt(this.startMs + this.elapsed) * 1_000_000n;
  }

  monotonicNanoseconds(): bigint {
    return MONOTONIC_ORIGIN_NS + BigInt(this.elapsed) * 1_000_000n;
  }

  /** Runs `callback` after `delayMs` of virtual time (every `repeatMs` after that, when given). */
  schedule(delayMs: number, callback: () => void, repeatMs = 0): TimerHandle {
    const timer: Timer = { due: this.elapsed + Math.max(0, delayMs), seq: this.seq++, repeatMs, callback, cancelled: false };
    this.insert(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
        this.timers = this.timers.filter((t) => t !== timer);
      },
    };
  }

  /** Elapsed milliseconds at which the next timer falls due, or undefined when none is armed. */
  nextDue(): number | undefined {
    return this.timers[0]?.due;
  }

  hasPendingTimers(): boolean {
    return this.timers.length > 0;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way, in order. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`clock.advance(${ms}): the amount must be a non-negative number of milliseconds`);
    const target = this.elapsed + ms;
    while (this.timers.length > 0 && this.timers[0]!.due <= target) this.fire(this.timers.shift()!);
    this.elapsed = target;
  }

  /** Jumps to the next timer and fires it. Returns false when no timer is armed. */
  fireNext(): boolean {
    const timer = this.timers.shift();
    if (timer === undefined) return false;
    this.fire(timer);
    return true;
  }

  private fire(timer: Timer): void {
    if (timer.due > this.elapsed) this.elapsed = timer.due;
    if (timer.repeatMs > 0) {
      timer.due += timer.repeatMs;
      timer.seq = this.seq++;
      this.insert(timer);
    }
    this.runTask(timer.callback);
  }

  private insert(timer: Timer): void {
    let at = this.timers.length;
    while (at > 0 && this.timers[at - 1]!.due > timer.due) at--;
    this.timers.splice(at, 0, timer);
  }
}
