// Requests held by a delay on this worker, ordered by when they fall due, and
// the root's timer that resumes them. The timer ticks every TICK_MS while any
// delay is pending and stops when none is; a delay ends within one tick of
// its due time. It is started from a request callback and only stopped from
// onTick (a tick never re-arms its own timer).

import { setTickPeriodMilliseconds } from "@envoyscript/sdk/assembly";

/** Tick period while delays are pending: the resolution of a delay's end. */
export const TICK_MS: u32 = 5;

class PendingDelay<T> {
  constructor(public readonly request: T, public readonly dueNs: u64) {}
}

/** Held requests of type `T` (the filter's HTTP context class). */
export class PendingDelays<T> {
  private readonly entries: PendingDelay<T>[] = new Array<PendingDelay<T>>();
  private ticking: bool = false;

  /** Holds `request` until `dueNs` (monotonic nanoseconds); starts the timer if idle. */
  add(request: T, dueNs: u64): void {
    const entries = this.entries;
    // Fixed delays arrive in due order, so the insertion point is usually the end.
    const entry = new PendingDelay<T>(request, dueNs);
    entries.push(entry);
    let at = entries.length - 1;
    while (at > 0 && unchecked(entries[at - 1]).dueNs > dueNs) {
      entries[at] = unchecked(entries[at - 1]);
      at--;
    }
    entries[at] = entry;
    if (!this.ticking) {
      this.ticking = true;
      setTickPeriodMilliseconds(TICK_MS);
    }
  }

  /** Forgets `request` (its client went away); true when it was pending. */
  remove(request: T): bool {
    const entries = this.entries;
    for (let i = 0; i < entries.length; i++) {
      if (unchecked(entries[i]).request === request) {
        entries.splice(i, 1);
        return true;
      }
    }
    return false;
  }

  /** Takes every request due at `nowNs` off the list, in due order. */
  takeDue(nowNs: u64): T[] {
    const entries = this.entries;
    let count = 0;
    while (count < entries.length && unchecked(entries[count]).dueNs <= nowNs) count++;
    const due = new Array<T>();
    for (let i = 0; i < count; i++) due.push(unchecked(entries[i]).request);
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
