// The ABI's serialized header map (u32 count, count × (u32 name length, u32
// value length), then each name and value followed by a NUL; little-endian),
// written independently of the SDK so tests can check it against the host's
// format. Values may be raw bytes (not UTF-8).

export function serializeMap(pairs: ReadonlyArray<readonly [string, string | Uint8Array]>): Uint8Array {
  const encoder = new TextEncoder();
  const encoded = pairs.map(([name, value]) => [encoder.encode(name), typeof value === "string" ? encoder.encode(value) : value] as const);
  const size = 4 + pairs.length * 8 + encoded.reduce((sum, [name, value]) => sum + name.length + value.length + 2, 0);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, pairs.length, true);
  let offset = 4 + pairs.length * 8;
  encoded.forEach(([name, value], index) => {
    view.setUint32(4 + index * 8, name.length, true);
    view.setUint32(8 + index * 8, value.length, true);
    bytes.set(name, offset);
    offset += name.length + 1;
    bytes.set(value, offset);
    offset += value.length + 1;
  });
  return bytes;
}
