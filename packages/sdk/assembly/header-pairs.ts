// The ABI's serialized header map, used by `proxy_get_header_map_pairs`,
// `proxy_set_header_map_pairs`, `proxy_send_local_response`, `proxy_http_call`,
// the gRPC calls and map-valued properties (all little-endian):
//
//   u32 count
//   count x (u32 name_len, u32 value_len)
//   count x (name bytes, NUL, value bytes, NUL)

/** One header (or metadata entry, or map-valued property entry). */
export class HeaderPair {
  constructor(public name: string, public value: string) {}
}

/** One header with its raw value bytes (values need not be UTF-8). */
export class HeaderPairBytes {
  constructor(public name: string, public value: ArrayBuffer) {}
}

/** Serializes `pairs` into the ABI's header-map format. */
export function serializePairs(pairs: HeaderPair[]): ArrayBuffer {
  const count = pairs.length;
  let size = 4 + count * 8;
  for (let i = 0; i < count; i++) {
    const pair = unchecked(pairs[i]);
    size += String.UTF8.byteLength(pair.name) + String.UTF8.byteLength(pair.value) + 2;
  }
  const buffer = new ArrayBuffer(size);
  const base = changetype<usize>(buffer);
  store<u32>(base, <u32>count);
  let data = base + 4 + <usize>count * 8;
  for (let i = 0; i < count; i++) {
    const pair = unchecked(pairs[i]);
    const nameLength = writeUtf8(pair.name, data);
    data += nameLength + 1;
    const valueLength = writeUtf8(pair.value, data);
    data += valueLength + 1;
    store<u32>(base + 4 + <usize>i * 8, <u32>nameLength);
    store<u32>(base + 8 + <usize>i * 8, <u32>valueLength);
  }
  return buffer;
}

/** Serializes pairs whose values are raw bytes. */
export function serializePairsBytes(pairs: HeaderPairBytes[]): ArrayBuffer {
  const count = pairs.length;
  let size = 4 + count * 8;
  for (let i = 0; i < count; i++) {
    const pair = unchecked(pairs[i]);
    size += String.UTF8.byteLength(pair.name) + pair.value.byteLength + 2;
  }
  const buffer = new ArrayBuffer(size);
  const base = changetype<usize>(buffer);
  store<u32>(base, <u32>count);
  let data = base + 4 + <usize>count * 8;
  for (let i = 0; i < count; i++) {
    const pair = unchecked(pairs[i]);
    const nameLength = writeUtf8(pair.name, data);
    data += nameLength + 1;
    const valueLength = <usize>pair.value.byteLength;
    memory.copy(data, changetype<usize>(pair.value), valueLength);
    data += valueLength + 1;
    store<u32>(base + 4 + <usize>i * 8, <u32>nameLength);
    store<u32>(base + 8 + <usize>i * 8, <u32>valueLength);
  }
  return buffer;
}

function writeUtf8(text: string, destination: usize): usize {
  // encodeUnsafe returns the number of bytes written; the NUL after it is left
  // as the zero the fresh ArrayBuffer already holds.
  return String.UTF8.encodeUnsafe(changetype<usize>(text), text.length, destination);
}

/**
 * Parses a serialized header map at [pointer, pointer + size). Never traps on
 * malformed input: a count or length that runs past the end stops the parse
 * and returns the pairs read so far.
 */
export function deserializePairs(pointer: usize, size: usize): HeaderPair[] {
  const pairs = new Array<HeaderPair>();
  const layout = PairsLayout.read(pointer, size);
  if (layout === null) return pairs;
  let data = layout.dataStart;
  for (let i: u32 = 0; i < layout.count; i++) {
    const nameLength = <usize>load<u32>(pointer + 4 + <usize>i * 8);
    const valueLength = <usize>load<u32>(pointer + 8 + <usize>i * 8);
    if (!fits(data, nameLength, valueLength, layout.end)) break;
    const name = String.UTF8.decodeUnsafe(data, nameLength);
    data += nameLength + 1;
    const value = String.UTF8.decodeUnsafe(data, valueLength);
    data += valueLength + 1;
    pairs.push(new HeaderPair(name, value));
  }
  return pairs;
}

/** Like {@link deserializePairs}, keeping each value as raw bytes. */
export function deserializePairsBytes(pointer: usize, size: usize): HeaderPairBytes[] {
  const pairs = new Array<HeaderPairBytes>();
  const layout = PairsLayout.read(pointer, size);
  if (layout === null) return pairs;
  let data = layout.dataStart;
  for (let i: u32 = 0; i < layout.count; i++) {
    const nameLength = <usize>load<u32>(pointer + 4 + <usize>i * 8);
    const valueLength = <usize>load<u32>(pointer + 8 + <usize>i * 8);
    if (!fits(data, nameLength, valueLength, layout.end)) break;
    const name = String.UTF8.decodeUnsafe(data, nameLength);
    data += nameLength + 1;
    const value = new ArrayBuffer(<i32>valueLength);
    memory.copy(changetype<usize>(value), data, valueLength);
    data += valueLength + 1;
    pairs.push(new HeaderPairBytes(name, value));
  }
  return pairs;
}

/** Parses a serialized header map held in an ArrayBuffer. */
export function deserializePairsFrom(buffer: ArrayBuffer): HeaderPair[] {
  return deserializePairs(changetype<usize>(buffer), <usize>buffer.byteLength);
}

/** Where the lengths and the data of a serialized map lie; null when the count cannot fit. */
export class PairsLayout {
  constructor(public count: u32, public dataStart: usize, public end: usize) {}

  static read(pointer: usize, size: usize): PairsLayout | null {
    const count = pairsCount(pointer, size);
    if (count < 0) return null;
    return new PairsLayout(<u32>count, pointer + 4 + <usize>count * 8, pointer + size);
  }
}

/** The map's pair count, -1 when it cannot fit in `size` bytes (for readers that allocate no PairsLayout). */
export function pairsCount(pointer: usize, size: usize): i64 {
  if (pointer == 0 || size < 4) return -1;
  const count = load<u32>(pointer);
  // Each pair needs at least 8 bytes of lengths and 2 NULs.
  if (<u64>count * 10 > <u64>(size - 4)) return -1;
  return <i64>count;
}

/** True when a pair of these lengths, with its two NULs, lies within [start, end). */
// @ts-ignore: decorator
@inline export function fits(start: usize, nameLength: usize, valueLength: usize, end: usize): bool {
  // 64-bit sums: two hostile 32-bit lengths must not wrap around.
  return start <= end && <u64>nameLength + <u64>valueLength + 2 <= <u64>(end - start);
}
