// The limit on faults active at once across the whole Envoy. Each worker
// thread runs its own VM, so the count lives in shared data (process-wide for
// one vm_id) and is updated with compare-and-swap: read the count and its
// CAS, write count±1 with that CAS, retry when another worker won the race.
// Retries are bounded: a request that cannot take a slot passes untouched.

import { LogLevel, getSharedData, log, setSharedData } from "@envoyscript/sdk/assembly";

/** No limit on active faults. */
export const UNLIMITED: i64 = -1;

/** Attempts to take a slot before giving up (the request then passes untouched). */
const ACQUIRE_ATTEMPTS = 32;
/** Attempts to give a slot back; losing all of them would leak the slot, so try harder. */
const RELEASE_ATTEMPTS = 1024;

export class ActiveFaultLimit {
  constructor(
    /** Shared-data key of the count; one per plugin (root id). */
    public readonly key: string,
    /** Faults allowed at once, or UNLIMITED (no shared data is touched then). */
    public readonly limit: i64,
  ) {}

  get unlimited(): bool {
    return this.limit == UNLIMITED;
  }

  /**
   * Creates the count if absent. A write with CAS 0 is unconditional, so the
   * count is created once here (configure time, before traffic) rather than
   * on the request path, where two workers could both create it.
   */
  initialize(): void {
    if (this.unlimited || getSharedData(this.key) !== null) return;
    setSharedData(this.key, encodeCount(0), 0);
  }

  /** Takes a slot when fewer than `limit` faults are active. */
  tryAcquire(): bool {
    if (this.unlimited) return true;
    for (let attempt = 0; attempt < ACQUIRE_ATTEMPTS; attempt++) {
      const current = getSharedData(this.key);
      const count = current === null ? 0 : decodeCount(current.value);
      if (<i64>count >= this.limit) return false;
      if (setSharedData(this.key, encodeCount(count + 1), current === null ? 0 : current.cas)) return true;
    }
    if (log.enabled(LogLevel.Debug)) log.debug("fault-injection: lost " + ACQUIRE_ATTEMPTS.toString() + " CAS races for " + this.key + "; request passes");
    return false;
  }

  /** Gives a slot back. */
  release(): void {
    if (this.unlimited) return;
    for (let attempt = 0; attempt < RELEASE_ATTEMPTS; attempt++) {
      const current = getSharedData(this.key);
      if (current === null) return;
      const count = decodeCount(current.value);
      if (setSharedData(this.key, encodeCount(count > 0 ? count - 1 : 0), current.cas)) return;
    }
    log.warn("fault-injection: could not release an active-fault slot of " + this.key + " after " + RELEASE_ATTEMPTS.toString() + " CAS races");
  }

  /** Faults active now across the Envoy (0 when unlimited: not counted). */
  activeCount(): u32 {
    if (this.unlimited) return 0;
    const current = getSharedData(this.key);
    return current === null ? 0 : decodeCount(current.value);
  }
}

/** The count as four little-endian bytes. */
function encodeCount(count: u32): ArrayBuffer {
  const bytes = new ArrayBuffer(4);
  store<u32>(changetype<usize>(bytes), count);
  return bytes;
}

/** Four little-endian bytes; anything else (a foreign value) reads as 0. */
function decodeCount(bytes: ArrayBuffer): u32 {
  if (bytes.byteLength != 4) return 0;
  return load<u32>(changetype<usize>(bytes));
}
