// Shared data: a key-value store shared by every VM with the same vm_id on
// the host (all worker threads), with compare-and-swap through a version
// number (CAS). `proxy_get_shared_data` / `proxy_set_shared_data`; callable
// in every callback.

import { proxy_get_shared_data, proxy_set_shared_data } from "./imports";
import { WasmResult } from "./enums";
import { ArgSlot, OUT_EXTRA, OUT_PTR, OUT_SIZE, argLength, clearOut, takeBytes, textArg } from "./memory";
import { expectOk } from "./status";

/** A shared value with the version (CAS) to pass back when updating it. */
export class SharedData {
  constructor(public readonly value: ArrayBuffer, public readonly cas: u32) {}

  /** The value decoded as UTF-8. */
  get text(): string {
    return String.UTF8.decode(this.value);
  }
}

/** The value of `key` and its CAS, or null when the key is absent. Wraps `proxy_get_shared_data`. */
export function getSharedData(key: string): SharedData | null {
  clearOut();
  const keyBytes = textArg(key, ArgSlot.First);
  const status = proxy_get_shared_data(keyBytes, argLength(ArgSlot.First), OUT_PTR, OUT_SIZE, OUT_EXTRA);
  if (status == WasmResult.NotFound) return null;
  expectOk(status, "proxy_get_shared_data");
  const cas = load<u32>(OUT_EXTRA);
  return new SharedData(takeBytes(), cas);
}

/**
 * Stores `value` under `key`. With `cas` 0 the write is unconditional; with
 * the CAS of a previous read it only succeeds if nobody wrote in between.
 * Returns false on CAS_MISMATCH (re-read and retry). Wraps `proxy_set_shared_data`.
 */
export function setSharedData(key: string, value: ArrayBuffer, cas: u32 = 0): bool {
  return setSharedDataAt(textArg(key, ArgSlot.First), changetype<usize>(value), <usize>value.byteLength, cas);
}

/** {@link setSharedData} with a UTF-8 text value. Wraps `proxy_set_shared_data`. */
export function setSharedDataString(key: string, value: string, cas: u32 = 0): bool {
  const keyBytes = textArg(key, ArgSlot.First);
  return setSharedDataAt(keyBytes, textArg(value, ArgSlot.Second), argLength(ArgSlot.Second), cas);
}

function setSharedDataAt(key: usize, value: usize, valueLength: usize, cas: u32): bool {
  const status = proxy_set_shared_data(key, argLength(ArgSlot.First), value, valueLength, cas);
  if (status == WasmResult.CasMismatch) return false;
  expectOk(status, "proxy_set_shared_data");
  return true;
}

/** The outcome of {@link incrementSharedCounter}. */
export class SharedCounterUpdate {
  constructor(
    /** False when every attempt lost a CAS race: the counter was not changed. */
    public readonly applied: bool,
    /** The counter's new value when applied, else the last value read. */
    public readonly value: i64,
  ) {}
}

/**
 * Adds `delta` to a decimal counter stored under `key`, retrying on CAS
 * mismatch up to `maxAttempts` times. Never traps under contention: a caller
 * on the request path decides what losing means (usually: skip the feature
 * for this request). A counter that does not exist yet is created with an
 * unconditional write (the ABI has no create-if-absent), so two workers
 * creating it at the same instant can lose one increment.
 * Wraps `proxy_get_shared_data` + `proxy_set_shared_data`; any callback.
 */
export function incrementSharedCounter(key: string, delta: i64, maxAttempts: i32 = 16): SharedCounterUpdate {
  let last: i64 = 0;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const current = getSharedData(key);
    const cas = current === null ? 0 : current.cas;
    last = current === null ? 0 : I64.parseInt(current.text);
    const value = last + delta;
    if (setSharedDataString(key, value.toString(), cas)) return new SharedCounterUpdate(true, value);
  }
  return new SharedCounterUpdate(false, last);
}
