/**
 * Access to a module's linear memory: reading what the module hands over,
 * writing results through its out-pointers, and calling its allocator for
 * data the host gives it (the host never frees: the module owns the block).
 *
 * Views over the memory are rebuilt only when the memory has grown: growth
 * replaces `memory.buffer` and detaches the old one, whose length drops to
 * 0. Checking that length is much cheaper than reading `memory.buffer` on
 * every access, and the hot path allocates nothing.
 */
import { Status } from "../abi/enums.ts";
import { unmarshalPairs, type PairList } from "../abi/pairs.ts";
import type { ModuleMemory } from "../hostcalls/ports.ts";

/** Thrown when the module's allocator hands back nothing; the hostcall answers INVALID_MEMORY_ACCESS. */
export class AllocationFailed extends Error {
  constructor(size: number) {
    super(`the module's allocator returned 0 for ${size} bytes`);
  }
}

/** Up to this many bytes, text is looked up among the strings already read. */
const SHORT_TEXT = 32;
const SHORT_TEXTS_LIMIT = 256;

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function sameAscii(text: string, bytes: Buffer, ptr: number): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== bytes[ptr + i]) return false;
  return true;
}

export class GuestMemory implements ModuleMemory {
  private readonly shortTexts = new Map<number, string>();
  private memory: WebAssembly.Memory | null = null;
  private allocator: ((size: number) => number) | null = null;
  private buffer: ArrayBuffer = new ArrayBuffer(0);
  private bytes: Buffer = Buffer.alloc(0);
  private view: DataView = new DataView(this.buffer);

  /** Size of the module's linear memory in bytes: it only grows, so a flat value means no leak. */
  get byteLength(): number {
    return this.memory?.buffer.byteLength ?? 0;
  }

  attach(memory: WebAssembly.Memory, allocator: (size: number) => number): void {
    this.memory = memory;
    this.allocator = allocator;
    this.refresh();
  }

  private refresh(): void {
    const buffer = this.memory!.buffer;
    this.buffer = buffer;
    this.bytes = Buffer.from(buffer);
    this.view = new DataView(buffer);
  }

  /** The memory as a Node Buffer (shares the module's memory). */
  u8(): Buffer {
    if (this.buffer.byteLength === 0) this.refresh();
    return this.bytes;
  }

  private dataView(): DataView {
    if (this.buffer.byteLength === 0) this.refresh();
    return this.view;
  }

  inBounds(ptr: number, size: number): boolean {
    return ptr >= 0 && size >= 0 && ptr + size <= this.u8().length;
  }

  /** UTF-8 text at [ptr, ptr+size), or null when out of bounds. */
  readString(ptr: number, size: number): string | null {
    const bytes = this.u8();
    ptr >>>= 0;
    size >>>= 0;
    if (ptr + size > bytes.length) return null;
    if (size === 0) return "";
    return size <= SHORT_TEXT ? this.shortText(bytes, ptr, size) : bytes.toString("utf8", ptr, ptr + size);
  }

  /**
   * Short ASCII text (header names, methods, small values) from the strings
   * already read: a module asks for the same few names on every request, and
   * finding one by a hash of its bytes costs less than decoding it again.
   */
  private shortText(bytes: Buffer, ptr: number, size: number): string {
    let hash = size;
    for (let i = ptr; i < ptr + size; i++) {
      const byte = bytes[i]!;
      if (byte > 0x7f) return bytes.toString("utf8", ptr, ptr + size);
      hash = (Math.imul(hash, 31) + byte) | 0;
    }
    const known = this.shortTexts.get(hash);
    if (known !== undefined && known.length === size && sameAscii(known, bytes, ptr)) return known;
    const text = bytes.toString("latin1", ptr, ptr + size);
    if (this.shortTexts.size >= SHORT_TEXTS_LIMIT) this.shortTexts.clear();
    this.shortTexts.set(hash, text);
    return text;
  }

  /** A copy of the bytes at [ptr, ptr+size), or null when out of bounds. */
  copyBytes(ptr: number, size: number): Uint8Array | null {
    const bytes = this.u8();
    ptr >>>= 0;
    size >>>= 0;
    if (ptr + size > bytes.length) return null;
    return Uint8Array.prototype.slice.call(bytes, ptr, ptr + size);
  }

  /** Serialised pairs at [ptr, ptr+size), decoded; null when out of bounds. */
  readPairs(ptr: number, size: number): PairList | null {
    const bytes = this.u8();
    ptr >>>= 0;
    size >>>= 0;
    if (ptr + size > bytes.length) return null;
    return unmarshalPairs(bytes.subarray(ptr, ptr + size));
  }

  setU32(ptr: number, value: number): boolean {
    ptr >>>= 0;
    const view = this.dataView();
    if (ptr + 4 > view.byteLength) return false;
    view.setUint32(ptr, value >>> 0, true);
    return true;
  }

  setU64(ptr: number, value: bigint): boolean {
    ptr >>>= 0;
    const view = this.dataView();
    if (ptr + 8 > view.byteLength) return false;
    view.setBigUint64(ptr, BigInt.asUintN(64, value), true);
    return true;
  }

  getU32(ptr: number): number {
    return this.dataView().getUint32(ptr >>> 0, true);
  }

  setBytes(ptr: number, data: Uint8Array): boolean {
    ptr >>>= 0;
    const bytes = this.u8();
    if (ptr + data.length > bytes.length) return false;
    bytes.set(data, ptr);
    return true;
  }

  /** Calls the module's allocator. May run module code (and trap). */
  allocate(size: number): number {
    const ptr = this.allocator!(size) >>> 0;
    if (ptr === 0 && size > 0) throw new AllocationFailed(size);
    return ptr;
  }

  /**
   * Hands `data` to the module: allocates, copies, writes pointer and size
   * through the out-pointers. Empty data gives pointer 0 and size 0 without
   * an allocation, like the host's `copyToPointerSize`. Short ASCII text is
   * written char code by char code, without an encoder call.
   */
  copyOut(data: Uint8Array | string, ptrPtr: number, sizePtr: number): Status {
    if (!this.inBounds(ptrPtr >>> 0, 4) || !this.inBounds(sizePtr >>> 0, 4)) return Status.INVALID_MEMORY_ACCESS;
    const text = typeof data === "string" ? data : null;
    const ascii = text !== null && text.length <= SHORT_TEXT && isAscii(text);
    const size = text === null ? (data as Uint8Array).length : ascii ? text.length : Buffer.byteLength(text, "utf8");
    let ptr = 0;
    if (size > 0) {
      ptr = this.reserve(size);
      if (ptr < 0) return Status.INVALID_MEMORY_ACCESS;
      const bytes = this.u8();
      if (text === null) bytes.set(data as Uint8Array, ptr);
      else if (!ascii) bytes.write(text, ptr, size, "utf8");
      else for (let i = 0; i < size; i++) bytes[ptr + i] = text.charCodeAt(i);
    }
    this.setU32(ptrPtr, ptr);
    this.setU32(sizePtr, size);
    return Status.OK;
  }

  /** A block of `size` bytes from the module's allocator, or -1 when it gave none that fits its memory. */
  private reserve(size: number): number {
    let ptr: number;
    try {
      ptr = this.allocate(size);
    } catch (error) {
      if (error instanceof AllocationFailed) return -1;
      throw error;
    }
    return ptr + size > this.u8().length ? -1 : ptr;
  }

  /** Serialises string pairs straight into module memory (the header-map fast path). */
  copyPairsOut(keys: readonly string[], values: readonly string[], count: number, ptrPtr: number, sizePtr: number): Status {
    if (count === 0) return this.copyOut("", ptrPtr, sizePtr);
    let size = 4 + count * 8;
    for (let i = 0; i < count; i++) size += Buffer.byteLength(keys[i]!, "utf8") + Buffer.byteLength(values[i]!, "utf8") + 2;
    const ptr = this.reserve(size);
    if (ptr < 0) return Status.INVALID_MEMORY_ACCESS;
    const bytes = this.u8();
    const view = this.dataView();
    view.setUint32(ptr, count, true);
    let sizes = ptr + 4;
    let data = ptr + 4 + count * 8;
    for (let i = 0; i < count; i++) {
      const keyLength = bytes.write(keys[i]!, data, "utf8");
      bytes[data + keyLength] = 0;
      data += keyLength + 1;
      const valueLength = bytes.write(values[i]!, data, "utf8");
      bytes[data + valueLength] = 0;
      data += valueLength + 1;
      view.setUint32(sizes, keyLength, true);
      view.setUint32(sizes + 4, valueLength, true);
      sizes += 8;
    }
    if (!this.setU32(ptrPtr, ptr) || !this.setU32(sizePtr, size)) return Status.INVALID_MEMORY_ACCESS;
    return Status.OK;
  }
}
