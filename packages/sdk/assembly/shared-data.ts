// Shared data: a key-value store shared by every VM with the same vm_id on
// the host (all worker threads), with compare-and-swap through a version
// number (CAS). `proxy_get_shared_data` / `proxy_set_shared_data`; callable
// in every callback.

import { proxy_get_shared_data, proxy_set_shared_data } from "./imports";
import { WasmResult } from "./enums";
import { OUT_EXTRA, OUT_PTR, OUT_SIZE, clearOut, takeBytes } from "./memory";
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
  const keyBytes = String.UTF8.encode(key);
  const status = proxy_get_shared_data(changetype<usize>(keyBytes), <usize>keyBytes.byteLength, OUT_PTR, OUT_SIZE, OUT_EXTRA);
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
  const keyBytes = String.UTF8.encode(key);
  const status = proxy_set_shared_data(changetype<usize>(keyBytes), <usize>keyBytes.byteLength, changetype<usize>(value), <usize>value.byteLength, cas);
  if (status == WasmResult.CasMismatch) return false;
  expectOk(status, "proxy_set_shared_data");
  return true;
}

/** {@link setSharedData} with a UTF-8 text value. Wraps `proxy_set_shared_data`. */
export function setSharedDataString(key: string, value: string, cas: u32 = 0): bool {
  return setSharedData(key, String.UTF8.encode(value), cas);
}

/**
 * Adds `delta` to a decimal counter stored under `key`, retrying on CAS
 * mismatch; returns the new value. Wraps `proxy_get_shared_data` +
 * `proxy_set_shared_data`.
 */
export function incrementSharedCounter(key: string, delta: i64): i64 {
  for (let attempt = 0; attempt < 64; attempt++) {
    const current = getSharedData(key);
    const cas = current === null ? 0 : current.cas;
    const value = (current === null ? 0 : I64.parseInt(current.text)) + delta;
    if (setSharedDataString(key, value.toString(), cas)) return value;
  }
  abort("envoyscript: incrementSharedCounter(\"" + key + "\") lost 64 CAS races in a row");
  return 0;
}
