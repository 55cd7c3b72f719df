/**
 * The serialised pairs format of proxy-wasm (proxy-wasm-cpp-host `PairsUtil`):
 * little-endian u32 count, then count pairs of (u32 key size, u32 value size),
 * then every key and value, each followed by a NUL byte. Header maps, local
 * reply headers, callout headers and map-valued properties all use it.
 */

/** A decoded pair list: two parallel arrays, cheaper than an array of tuples. */
export interface PairList {
  keys: string[];
  values: string[];
}

const utf8 = new TextDecoder("utf-8");

/** Byte size of the serialised form of `entries`. */
export function pairsSize(entries: ReadonlyArray<readonly [Uint8Array, Uint8Array]>): number {
  let size = 4;
  for (const [key, value] of entries) size += 8 + key.length + 1 + value.length + 1;
  return size;
}

/** Serialises byte pairs (used for property maps and lists, whose values are binary). */
export function marshalPairs(entries: ReadonlyArray<readonly [Uint8Array, Uint8Array]>): Uint8Array {
  const out = new Uint8Array(pairsSize(entries));
  const view = new DataView(out.buffer);
  view.setUint32(0, entries.length, true);
  let sizes = 4;
  let data = 4 + entries.length * 8;
  for (const [key, value] of entries) {
    view.setUint32(sizes, key.length, true);
    view.setUint32(sizes + 4, value.length, true);
    sizes += 8;
    out.set(key, data);
    data += key.length + 1;
    out.set(value, data);
    data += value.length + 1;
  }
  return out;
}

/**
 * Decodes serialised pairs as strings. Like the host's `toPairs`, a buffer too
 * short to hold what it announces yields no pairs rather than an error.
 */
export function unmarshalPairs(bytes: Uint8Array): PairList {
  const result: PairList = { keys: [], values: [] };
  if (bytes.length < 4) return result;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(0, true);
  let sizes = 4;
  let data = 4 + count * 8;
  if (data > bytes.length) return result;
  for (let i = 0; i < count; i++) {
    const keySize = view.getUint32(sizes, true);
    const valueSize = view.getUint32(sizes + 4, true);
    sizes += 8;
    if (data + keySize + 1 + valueSize + 1 > bytes.length) return { keys: [], values: [] };
    result.keys.push(utf8.decode(bytes.subarray(data, data + keySize)));
    data += keySize + 1;
    result.values.push(utf8.decode(bytes.subarray(data, data + valueSize)));
    data += valueSize + 1;
  }
  return result;
}

/** Decodes serialised pairs keeping the raw bytes (for tests that check property encodings). */
export function unmarshalBytePairs(bytes: Uint8Array): Array<[Uint8Array, Uint8Array]> {
  if (bytes.length < 4) return [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(0, true);
  const out: Array<[Uint8Array, Uint8Array]> = [];
  let sizes = 4;
  let data = 4 + count * 8;
  for (let i = 0; i < count; i++) {
    const keySize = view.getUint32(sizes, true);
    const valueSize = view.getUint32(sizes + 4, true);
    sizes += 8;
    const key = bytes.slice(data, data + keySize);
    data += keySize + 1;
    const value = bytes.slice(data, data + valueSize);
    data += valueSize + 1;
    out.push([key, value]);
  }
  return out;
}
