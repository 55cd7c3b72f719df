// Memory shared with the host.
//
// The host calls the module's allocator in the middle of a hostcall (to hand
// back a header value, a body chunk, ...), writes into the block and reports
// its address through an out-parameter. Those blocks come from the raw heap
// (`heap.alloc`), never from the garbage collector: a raw allocation never
// runs a GC step, so nothing the module handed to the host in the same call
// can be collected underneath it, and the block is invisible to the collector
// until the module copies it out and frees it (`takeBytes` / `takeString`).
// That copy-then-free keeps memory flat over millions of requests.

/**
 * The allocator the host calls (exported as `malloc` and
 * `proxy_on_memory_allocate`). Returns a raw block the host writes into; the
 * SDK frees it once it has copied the contents out.
 */
export function malloc(size: usize): usize {
  return heap.alloc(size);
}

// Out-parameters of hostcalls land in one static scratch area: hostcalls never
// re-enter module code except the allocator, which does not touch it.
const scratch: usize = memory.data(32, 8);

/** Address of the first 32-bit out-parameter (usually a data pointer). */
export const OUT_PTR: usize = scratch;
/** Address of the second 32-bit out-parameter (usually a size). */
export const OUT_SIZE: usize = scratch + 4;
/** Address of a third 32-bit out-parameter (CAS, flags, ids). */
export const OUT_EXTRA: usize = scratch + 8;
/** Address of a 64-bit out-parameter (time, metric values). */
export const OUT_U64: usize = scratch + 16;

/** Zeroes the out-parameters: the host leaves them untouched on some paths. */
// @ts-ignore: decorator
@inline export function clearOut(): void {
  store<u64>(scratch, 0);
  store<u64>(scratch, 0, 8);
  store<u64>(scratch, 0, 16);
  store<u64>(scratch, 0, 24);
}

/** Reads the 32-bit out-parameter at `address`. */
// @ts-ignore: decorator
@inline export function readOutU32(address: usize): u32 {
  return load<u32>(address);
}

/** Reads the 64-bit out-parameter. */
// @ts-ignore: decorator
@inline export function readOutU64(): u64 {
  return load<u64>(OUT_U64);
}

/**
 * Copies the host-allocated block named by the (OUT_PTR, OUT_SIZE)
 * out-parameters into a fresh ArrayBuffer and frees the block.
 */
export function takeBytes(): ArrayBuffer {
  const pointer = <usize>load<u32>(OUT_PTR);
  const size = <i32>load<u32>(OUT_SIZE);
  if (pointer == 0 || size <= 0) {
    if (pointer != 0) heap.free(pointer);
    return new ArrayBuffer(0);
  }
  const copy = new ArrayBuffer(size);
  memory.copy(changetype<usize>(copy), pointer, <usize>size);
  heap.free(pointer);
  return copy;
}

/** Decodes the host-allocated block as UTF-8 into a string and frees the block. */
export function takeString(): string {
  const pointer = <usize>load<u32>(OUT_PTR);
  const size = <usize>load<u32>(OUT_SIZE);
  if (pointer == 0) return "";
  const text = size > 0 ? String.UTF8.decodeUnsafe(pointer, size) : "";
  heap.free(pointer);
  return text;
}

/** Frees the host-allocated block named by the out-parameters without reading it. */
export function discardOut(): void {
  const pointer = <usize>load<u32>(OUT_PTR);
  if (pointer != 0) heap.free(pointer);
}

// Text arguments of hostcalls (header names and values, property paths, log
// lines, shared-data keys) are encoded into one of two static slots instead
// of a fresh ArrayBuffer per call: most hostcalls take at most two texts, the
// host only reads them during the call, and an allocation per argument was
// most of what a header read or write cost the module (issue 15). A text
// whose UTF-8 might not fit its slot is encoded into a fresh buffer, kept
// reachable until the slot is used again, so that the other argument's
// encoding cannot let the collector free it before the hostcall.

/** The two argument slots of a hostcall. */
export const enum ArgSlot {
  First = 0,
  Second = 1,
}

const ARG_SLOT_BYTES: i32 = 1024;
const argSlots: usize = memory.data(2 * ARG_SLOT_BYTES, 8);
const argLengths: usize = memory.data(8, 4);
let spilledFirst: ArrayBuffer | null = null;
let spilledSecond: ArrayBuffer | null = null;

/**
 * Encodes `text` as UTF-8 into argument slot `slot` and returns its address;
 * {@link argLength} gives its byte length. Valid until the next call with
 * the same slot: pass it straight to a hostcall.
 */
export function textArg(text: string, slot: ArgSlot): usize {
  const units = text.length;
  // A UTF-16 unit is at most 3 bytes of UTF-8 (a surrogate pair: 4 for 2).
  if (units * 3 <= ARG_SLOT_BYTES) {
    const address = argSlots + <usize>(<i32>slot * ARG_SLOT_BYTES);
    const written = String.UTF8.encodeUnsafe(changetype<usize>(text), units, address);
    store<u32>(argLengths + (<usize>slot << 2), <u32>written);
    return address;
  }
  return bytesArg(String.UTF8.encode(text), slot);
}

/**
 * Property path `path` as the ABI wants it (segments joined by NUL, UTF-8)
 * in argument slot `slot`, without joining strings; see {@link textArg}.
 */
export function pathArg(path: string[], slot: ArgSlot): usize {
  let units: usize = path.length;
  for (let i = 0, n = path.length; i < n; i++) units += <usize>unchecked(path[i]).length;
  if (units * 3 > <usize>ARG_SLOT_BYTES) return bytesArg(String.UTF8.encode(path.join("\0")), slot);
  const start = argSlots + <usize>(<i32>slot * ARG_SLOT_BYTES);
  let end = start;
  for (let i = 0, n = path.length; i < n; i++) {
    if (i > 0) store<u8>(end++, 0);
    const segment = unchecked(path[i]);
    end += String.UTF8.encodeUnsafe(changetype<usize>(segment), segment.length, end);
  }
  store<u32>(argLengths + (<usize>slot << 2), <u32>(end - start));
  return start;
}

/** Byte length of the text last placed in argument slot `slot`. */
// @ts-ignore: decorator
@inline export function argLength(slot: ArgSlot): usize {
  return <usize>load<u32>(argLengths + (<usize>slot << 2));
}

function bytesArg(bytes: ArrayBuffer, slot: ArgSlot): usize {
  if (slot == ArgSlot.First) spilledFirst = bytes;
  else spilledSecond = bytes;
  store<u32>(argLengths + (<usize>slot << 2), <u32>bytes.byteLength);
  return changetype<usize>(bytes);
}

/** UTF-8 bytes of `text`, to hand to the host. Keep the result in a local across the hostcall. */
// @ts-ignore: decorator
@inline export function utf8(text: string): ArrayBuffer {
  return String.UTF8.encode(text);
}

/** Address of an optional buffer: 0 for null, so the host reads nothing. */
// @ts-ignore: decorator
@inline export function addressOf(buffer: ArrayBuffer | null): usize {
  return buffer === null ? 0 : changetype<usize>(buffer);
}

/** Byte length of an optional buffer: 0 for null. */
// @ts-ignore: decorator
@inline export function lengthOf(buffer: ArrayBuffer | null): usize {
  return buffer === null ? 0 : <usize>buffer.byteLength;
}
