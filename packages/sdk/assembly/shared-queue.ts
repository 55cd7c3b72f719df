// Shared queues: messages between VMs (e.g. workers to a singleton), through
// `proxy_register_shared_queue`, `proxy_resolve_shared_queue`,
// `proxy_enqueue_shared_queue` and `proxy_dequeue_shared_queue`. The
// registering root context's `onQueueReady` runs when data arrives.

import {
  proxy_dequeue_shared_queue,
  proxy_enqueue_shared_queue,
  proxy_register_shared_queue,
  proxy_resolve_shared_queue,
} from "./imports";
import { WasmResult } from "./enums";
import { OUT_EXTRA, OUT_PTR, OUT_SIZE, clearOut, takeBytes } from "./memory";
import { expectOk } from "./status";

/** A shared queue, by the id the host gave it. */
export class SharedQueue {
  constructor(public readonly id: u32) {}

  /**
   * Appends `data`. Returns false when the queue no longer exists
   * (NOT_FOUND). Wraps `proxy_enqueue_shared_queue`; callable in every callback.
   */
  enqueue(data: ArrayBuffer): bool {
    const status = proxy_enqueue_shared_queue(this.id, changetype<usize>(data), <usize>data.byteLength);
    if (status == WasmResult.NotFound) return false;
    expectOk(status, "proxy_enqueue_shared_queue");
    return true;
  }

  /** Appends UTF-8 text. Wraps `proxy_enqueue_shared_queue`. */
  enqueueString(text: string): bool {
    return this.enqueue(String.UTF8.encode(text));
  }

  /**
   * Takes the oldest message, or null when the queue is empty (EMPTY) or gone
   * (NOT_FOUND). Wraps `proxy_dequeue_shared_queue`; typically in `onQueueReady`.
   */
  dequeue(): ArrayBuffer | null {
    clearOut();
    const status = proxy_dequeue_shared_queue(this.id, OUT_PTR, OUT_SIZE);
    if (status == WasmResult.Empty || status == WasmResult.NotFound) return null;
    expectOk(status, "proxy_dequeue_shared_queue");
    return takeBytes();
  }

  /** Takes the oldest message as UTF-8 text, or null. Wraps `proxy_dequeue_shared_queue`. */
  dequeueString(): string | null {
    const bytes = this.dequeue();
    return bytes === null ? null : String.UTF8.decode(bytes);
  }
}

/**
 * Registers (or re-opens) queue `name` owned by the calling plugin; its root
 * context's `onQueueReady` fires on new data. Wraps
 * `proxy_register_shared_queue`; call it from a root context.
 */
export function registerSharedQueue(name: string): SharedQueue {
  const nameBytes = String.UTF8.encode(name);
  store<u32>(OUT_EXTRA, 0);
  expectOk(proxy_register_shared_queue(changetype<usize>(nameBytes), <usize>nameBytes.byteLength, OUT_EXTRA), "proxy_register_shared_queue");
  return new SharedQueue(load<u32>(OUT_EXTRA));
}

/**
 * Finds queue `name` registered by the VM `vmId` ("" for this VM's id), or
 * null when nobody registered it yet. Wraps `proxy_resolve_shared_queue`;
 * callable in every callback.
 */
export function resolveSharedQueue(vmId: string, name: string): SharedQueue | null {
  const vmBytes = String.UTF8.encode(vmId);
  const nameBytes = String.UTF8.encode(name);
  store<u32>(OUT_EXTRA, 0);
  const status = proxy_resolve_shared_queue(changetype<usize>(vmBytes), <usize>vmBytes.byteLength, changetype<usize>(nameBytes), <usize>nameBytes.byteLength, OUT_EXTRA);
  if (status == WasmResult.NotFound) return null;
  expectOk(status, "proxy_resolve_shared_queue");
  return new SharedQueue(load<u32>(OUT_EXTRA));
}
