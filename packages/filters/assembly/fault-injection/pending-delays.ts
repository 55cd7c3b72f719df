// Requests held by a delay on this worker, ordered by when they fall due, and
// the root's timer that resumes them. The timer ticks every TICK_MS while any
// delay is pending and stops when none is; a delay ends within one tick of
// its due time. It is started from a request callback and only stopped from
// onTick (a tick never re-arms its own timer).

import { setTickPeriodMilliseconds } from "@envoyscript/sdk/assembly";

/** Tick period while delays are pending: the resolution of a delay's end. */
export const TICK_MS: u32 = 5;

/** One held request: what to do when its delay is over (the request's own code). */
export abstract class PendingDelay {
  /** Monotonic nanoseconds at which the delay is over; set by PendingDelays.add. */
  dueNs: u64 = 0;

  /** The delay is over (called from the root's onTick). */
  abstract delayOver(): void;
}

/** The held requests of one plugin on this worker. */
export class PendingDelays {
  private readonly entries: PendingDelay[] = new Array<PendingDelay>();
  private ticking: bool = false;

  /** Holds `delay` until `dueNs` (monotonic nanoseconds); starts the timer if idle. */
  add(delay: PendingDelay, dueNs: u64): void {
    delay.dueNs = dueNs;
    const entries = this.entries;
    // Fixed delays arrive in due order, so the insertion point is usually the end.
    entries.push(delay);
    let at = entries.length - 1;
    while (at > 0 && unchecked(entries[at - 1]).dueNs > dueNs) {
      entries[at] = unchecked(entries[at - 1]);
      at--;
    }
    entries[at] = delay;
    if (!this.ticking) {
      this.ticking = true;
      setTickPeriodMilliseconds(TICK_MS);
    }
  }

  /** Forgets `delay` (its client went away); true when it was pending. */
  remove(delay: PendingDelay): bool {
    const index = this.entries.indexOf(delay);
    if (index < 0) return false;
    this.entries.splice(index, 1);
    return true;
  }

  /** Takes every delay due at `nowNs` off the list, in due order. */
  takeDue(nowNs: u64): PendingDelay[] {
    const entries = this.entries;
    let count = 0;
    while (count < entries.length && unchecked(entries[count]).dueNs <= nowNs) count++;
    const due = entries.slice(0, count);
    if (count > 0) entries.splice(0, count);
    return due;
  }

  /** Stops the timer when nothing is pending; call at the end of onTick. */
  stopTimerIfIdle(): void {
    if (this.ticking && this.entries.length == 0) {
      this.ticking = false;
      setTickPeriodMilliseconds(0);
    }
  }
}
