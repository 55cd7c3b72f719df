/**
 * A body (or TCP data) buffer, with Envoy's rules for how a module may
 * rewrite it through `proxy_set_buffer_bytes`.
 *
 * A body usually crosses the chain as one chunk: the first chunk is kept as
 * it is, not copied, and `take` hands the content on without a copy. That is
 * safe because a buffer never writes into its store in place: growing and
 * rewriting always build a new one. A chunk can also be deferred: its length
 * is known, its bytes are made when something reads them (the echo
 * upstream's JSON answer, which most tests never read).
 */
import { Status } from "../abi/enums.ts";

const EMPTY = new Uint8Array(0);

/** Bytes of a known length, made on first read. */
export class DeferredBytes {
  private made: Uint8Array | null = null;

  constructor(
    readonly length: number,
    private readonly make: () => Uint8Array,
  ) {}

  bytes(): Uint8Array {
    if (this.made === null) {
      const made = this.make();
      if (made.length !== this.length) throw new RangeError(`deferred bytes: announced ${this.length} bytes, made ${made.length}`);
      this.made = made;
    }
    return this.made;
  }
}

/** A chunk of a body as it crosses the chain. */
export type Chunk = Uint8Array | DeferredBytes;

/** The bytes of a chunk, made if they were deferred. */
export function chunkBytes(chunk: Chunk): Uint8Array {
  return chunk instanceof DeferredBytes ? chunk.bytes() : chunk;
}

export class BodyBuffer {
  private store: Uint8Array = EMPTY;
  private used = 0;
  /** A deferred chunk that is the whole content (store is empty meanwhile). */
  private deferred: DeferredBytes | null = null;
  /** A read-only buffer (configuration, callout response) refuses writes with BAD_ARGUMENT. */
  readonly readOnly: boolean;

  constructor(initial?: Uint8Array | string, readOnly = false) {
    this.readOnly = readOnly;
    if (initial !== undefined) this.append(initial);
  }

  get length(): number {
    return this.deferred === null ? this.used : this.deferred.length;
  }

  /** The current content (a view: copy it before keeping it). */
  bytes(): Uint8Array {
    this.settle();
    return this.store.subarray(0, this.used);
  }

  append(chunk: Chunk | string): void {
    if (chunk.length === 0) return;
    if (this.length === 0) {
      if (chunk instanceof DeferredBytes) this.deferred = chunk;
      else this.store = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
      this.used = this.store.length;
      return;
    }
    const data = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunkBytes(chunk);
    this.settle();
    this.ensure(this.used + data.length);
    this.store.set(data, this.used);
    this.used += data.length;
  }

  /** Moves the content out, leaving the buffer empty. */
  take(): Uint8Array {
    return chunkBytes(this.takeChunk());
  }

  /** Moves the content out as a chunk for the next filter (a deferred one stays deferred). */
  takeChunk(): Chunk {
    const out = this.deferred ?? (this.used === this.store.length ? this.store : this.store.subarray(0, this.used));
    this.clear();
    return out;
  }

  clear(): void {
    this.store = EMPTY;
    this.used = 0;
    this.deferred = null;
  }

  /** Makes a deferred content real before it is read or changed. */
  private settle(): void {
    if (this.deferred === null) return;
    this.store = this.deferred.bytes();
    this.used = this.store.length;
    this.deferred = null;
  }

  /**
   * Envoy's `Buffer::copyFrom`: at start 0, drain `length` bytes from the
   * front and prepend `data` (so (0, size) replaces everything); at or past
   * the end, append; anywhere else, BAD_ARGUMENT.
   */
  setBytes(start: number, length: number, data: Uint8Array): Status {
    if (this.readOnly) return Status.BAD_ARGUMENT;
    this.settle();
    if (start === 0) {
      const drained = Math.min(length, this.used);
      const rest = this.store.subarray(drained, this.used);
      const next = new Uint8Array(data.length + rest.length);
      next.set(data, 0);
      next.set(rest, data.length);
      this.store = next;
      this.used = next.length;
      return Status.OK;
    }
    if (start >= this.used) {
      this.append(data);
      return Status.OK;
    }
    return Status.BAD_ARGUMENT;
  }

  private ensure(capacity: number): void {
    if (capacity <= this.store.length) return;
    const next = new Uint8Array(Math.max(capacity, this.store.length * 2, 64));
    next.set(this.store.subarray(0, this.used));
    this.store = next;
  }
}
