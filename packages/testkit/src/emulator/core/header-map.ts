/**
 * An HTTP header (or trailer, or metadata) map with Envoy's rules: keys are
 * lower-cased, a key may repeat, pseudo-headers (`:method`, `:status`...)
 * stay in front of regular headers, order is otherwise insertion order.
 */

/**
 * Lower-cased header names, remembered: tests and filters use a few names
 * over and over, and handing back the same string each time also lets later
 * lookups by it reuse its hash.
 */
const lowerCaseNames = new Map<string, string>();
const LOWER_CASE_NAMES_LIMIT = 512;

function lowerCase(key: string): string {
  let lower = lowerCaseNames.get(key);
  if (lower === undefined) {
    lower = key.toLowerCase();
    if (lowerCaseNames.size >= LOWER_CASE_NAMES_LIMIT) lowerCaseNames.clear();
    lowerCaseNames.set(key, lower);
  }
  return lower;
}

export type HeaderInput = Record<string, string | number | readonly string[]> | ReadonlyArray<readonly [string, string]>;

export class HeaderMap {
  keys: string[] = [];
  values: string[] = [];

  static from(input: HeaderInput | HeaderMap | undefined | null): HeaderMap {
    if (input instanceof HeaderMap) return input.clone();
    const map = new HeaderMap();
    if (input != null) map.addAll(input);
    return map;
  }

  /** Adds every header of `input` (an object, possibly with array values, or a list of pairs). */
  addAll(input: HeaderInput): void {
    if (Array.isArray(input)) {
      const pairs = input as ReadonlyArray<readonly [string, string]>;
      for (let i = 0; i < pairs.length; i++) this.add(pairs[i]![0], String(pairs[i]![1]));
      return;
    }
    for (const key in input) {
      const value = (input as Record<string, string | number | readonly string[]>)[key]!;
      if (Array.isArray(value)) for (const item of value) this.add(key, String(item));
      else this.add(key, String(value));
    }
  }

  get size(): number {
    return this.keys.length;
  }

  /** Sum of key and value lengths, like Envoy's `byteSize()`. */
  byteSize(): number {
    let size = 0;
    for (let i = 0; i < this.keys.length; i++) size += Buffer.byteLength(this.keys[i]!) + Buffer.byteLength(this.values[i]!);
    return size;
  }

  /** The first value of `key`, or undefined. */
  get(key: string): string | undefined {
    const lower = lowerCase(key);
    const index = this.keys.indexOf(lower);
    return index < 0 ? undefined : this.values[index];
  }

  /** Every value of `key`. */
  getAll(key: string): string[] {
    const lower = lowerCase(key);
    const out: string[] = [];
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] === lower) out.push(this.values[i]!);
    return out;
  }

  has(key: string): boolean {
    return this.keys.indexOf(lowerCase(key)) >= 0;
  }

  add(key: string, value: string): void {
    const lower = lowerCase(key);
    if (lower.charCodeAt(0) === 58 /* ':' */) {
      let at = 0;
      while (at < this.keys.length && this.keys[at]!.charCodeAt(0) === 58) at++;
      this.keys.splice(at, 0, lower);
      this.values.splice(at, 0, value);
      return;
    }
    this.keys.push(lower);
    this.values.push(value);
  }

  /** Appends a header as it is: for a caller that knows `key` is lower-case and belongs at the end (the hot paths). */
  push(key: string, value: string): void {
    this.keys.push(key);
    this.values.push(value);
  }

  /** The first value of a lower-case `key` (`get` without lower-casing). */
  getLowerCase(key: string): string | undefined {
    const index = this.keys.indexOf(key);
    return index < 0 ? undefined : this.values[index];
  }

  /** Whether a lower-case `key` is present (`has` without lower-casing). */
  hasLowerCase(key: string): boolean {
    return this.keys.indexOf(key) >= 0;
  }

  /** Removes every value of `key`, then adds `value` (Envoy's `setCopy`). */
  replace(key: string, value: string): void {
    this.remove(key);
    this.add(key, value);
  }

  remove(key: string): void {
    const lower = lowerCase(key);
    for (let i = this.keys.length - 1; i >= 0; i--) {
      if (this.keys[i] === lower) {
        this.keys.splice(i, 1);
        this.values.splice(i, 1);
      }
    }
  }

  /** Replaces the whole map (`proxy_set_header_map_pairs`). */
  setAll(keys: readonly string[], values: readonly string[]): void {
    this.keys = [];
    this.values = [];
    for (let i = 0; i < keys.length; i++) this.add(keys[i]!, values[i]!);
  }

  clone(): HeaderMap {
    const copy = new HeaderMap();
    copy.keys = this.keys.slice();
    copy.values = this.values.slice();
    return copy;
  }

  /** [key, value] pairs in order, pseudo-headers included. */
  toList(): Array<[string, string]> {
    return this.keys.map((key, i) => [key, this.values[i]!] as [string, string]);
  }

  /**
   * A plain object; repeated keys are joined with ", " (how an HTTP/1 client
   * sees them). Pseudo-headers are left out unless `withPseudo`.
   */
  toRecord(withPseudo = false): Record<string, string> {
    const out: Record<string, string> = {};
    for (let i = 0; i < this.keys.length; i++) {
      const key = this.keys[i]!;
      if (!withPseudo && key.charCodeAt(0) === 58) continue;
      out[key] = key in out ? `${out[key]}, ${this.values[i]}` : this.values[i]!;
    }
    return out;
  }
}
