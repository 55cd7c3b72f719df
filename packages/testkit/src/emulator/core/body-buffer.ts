/**
 * A body (or TCP data) buffer, with Envoy's rules for how a module may
 * rewrite it through `proxy_set_buffer_bytes`.
 */
import { Status } from "../abi/enums.ts";

const EMPTY = new Uint8Array(0);

export class BodyBuffer {
  private store: Uint8Array = EMPTY;
  private used = 0;
  /** A read-only buffer (configuration, callout response) refuses writes with BAD_ARGUMENT. */
  readonly readOnly: boolean;

  constructor(initial?: Uint8Array | string, readOnly = false) {
    this.readOnly = readOnly;
    if (initial !== undefined) this.append(initial);
  }

  get length(): number {
    return this.used;
  }

  /** The current content (a view: copy it before keeping it). */
  bytes(): Uint8Array {
    return this.store.subarray(0, this.used);
  }

  append(chunk: Uint8Array | string): void {
    const data = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    if (data.length === 0) return;
    this.ensure(this.used + data.length);
    this.store.set(data, this.used);
    this.used += data.length;
  }

  /** Moves the content out, leaving the buffer empty. */
  take(): Uint8Array {
    const out = this.store.slice(0, this.used);
    this.clear();
    return out;
  }

  clear(): void {
    this.store = EMPTY;
    this.used = 0;
  }

  /**
   * Envoy's `Buffer::copyFrom`: at start 0, drain `length` bytes from the
   * front and prepend `data` (so (0, size) replaces everything); at or past
   * the end, append; anywhere else, BAD_ARGUMENT.
   */
  setBytes(start: number, length: number, data: Uint8Array): Status {
    if (this.readOnly) return Status.BAD_ARGUMENT;
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
