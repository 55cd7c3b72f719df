// Shared data and shared queues the 0.1.15 way: every call reports the
// host's status (NotFound, CasMismatch, Empty, ...) in its result instead of
// trapping.

import {
  proxy_dequeue_shared_queue,
  proxy_enqueue_shared_queue,
  proxy_get_shared_data,
  proxy_register_shared_queue,
  proxy_resolve_shared_queue,
  proxy_set_shared_data,
} from "../imports";
import { OUT_EXTRA, OUT_PTR, OUT_SIZE, clearOut, discardOut, takeBytes } from "../memory";
import { WasmResultValues } from "./enums";

/** What `get_shared_data` answers: `value` and `cas` are set when `result` is Ok. */
export class GetSharedData {
  value: ArrayBuffer | null = null;
  result: WasmResultValues = WasmResultValues.Ok;
  cas: u32 = 0;
}

/** The value of `key` with its CAS. Wraps `proxy_get_shared_data`. */
export function get_shared_data(key: string): GetSharedData {
  clearOut();
  const keyBytes = String.UTF8.encode(key);
  const result = new GetSharedData();
  result.result = <WasmResultValues>proxy_get_shared_data(changetype<usize>(keyBytes), <usize>keyBytes.byteLength, OUT_PTR, OUT_SIZE, OUT_EXTRA);
  if (result.result != WasmResultValues.Ok) {
    discardOut();
    return result;
  }
  result.cas = load<u32>(OUT_EXTRA);
  result.value = takeBytes();
  return result;
}

/** Stores `value` under `key`; `cas` 0 writes unconditionally. Returns the host's status (CasMismatch: re-read). Wraps `proxy_set_shared_data`. */
export function set_shared_data(key: string, value: ArrayBuffer, cas: u32 = 0): WasmResultValues {
  const keyBytes = String.UTF8.encode(key);
  return <WasmResultValues>proxy_set_shared_data(changetype<usize>(keyBytes), <usize>keyBytes.byteLength, changetype<usize>(value), <usize>value.byteLength, cas);
}

/** What the queue lookups answer: `token` is set when `result` is Ok. */
export class TokenSharedQueueResult {
  result: WasmResultValues = WasmResultValues.Ok;
  token: u32 = 0;
}

/** Registers queue `queue_name`; its root context's `onQueueReady` fires on data. Wraps `proxy_register_shared_queue`. */
export function register_shared_queue(queue_name: string): TokenSharedQueueResult {
  const name = String.UTF8.encode(queue_name);
  store<u32>(OUT_EXTRA, 0);
  const result = new TokenSharedQueueResult();
  result.result = <WasmResultValues>proxy_register_shared_queue(changetype<usize>(name), <usize>name.byteLength, OUT_EXTRA);
  if (result.result == WasmResultValues.Ok) result.token = load<u32>(OUT_EXTRA);
  return result;
}

/** Finds queue `queue_name` of VM `vm_id`. Wraps `proxy_resolve_shared_queue`. */
export function resolve_shared_queue(vm_id: string, queue_name: string): TokenSharedQueueResult {
  const vm = String.UTF8.encode(vm_id);
  const name = String.UTF8.encode(queue_name);
  store<u32>(OUT_EXTRA, 0);
  const result = new TokenSharedQueueResult();
  result.result = <WasmResultValues>proxy_resolve_shared_queue(changetype<usize>(vm), <usize>vm.byteLength, changetype<usize>(name), <usize>name.byteLength, OUT_EXTRA);
  if (result.result == WasmResultValues.Ok) result.token = load<u32>(OUT_EXTRA);
  return result;
}

/** What `dequeue_shared_queue` answers: `data` is set when `result` is Ok (Empty: nothing queued). */
export class DequeueSharedQueueResult {
  result: WasmResultValues = WasmResultValues.Ok;
  data: ArrayBuffer | null = null;
}

/** Takes the oldest message of queue `token`. Wraps `proxy_dequeue_shared_queue`. */
export function dequeue_shared_queue(token: u32): DequeueSharedQueueResult {
  clearOut();
  const result = new DequeueSharedQueueResult();
  result.result = <WasmResultValues>proxy_dequeue_shared_queue(token, OUT_PTR, OUT_SIZE);
  if (result.result != WasmResultValues.Ok) {
    discardOut();
    return result;
  }
  result.data = takeBytes();
  return result;
}

/** Appends `data` to queue `token`. Wraps `proxy_enqueue_shared_queue`. */
export function enqueue_shared_queue(token: u32, data: ArrayBuffer): WasmResultValues {
  return <WasmResultValues>proxy_enqueue_shared_queue(token, changetype<usize>(data), <usize>data.byteLength);
}
