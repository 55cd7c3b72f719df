// Unsigned LEB128, the integer encoding of the wasm binary format (section
// sizes, counts, limits), for the few places the emulator rewrites a module.

/** Decodes the unsigned LEB128 at `at`: its value and the offset after it. */
export function readU32(bytes: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  for (let shift = 0; ; shift += 7) {
    const byte = bytes[at++]!;
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return { value, next: at };
  }
}

/** Encodes `value` as unsigned LEB128. */
export function u32(value: number): Uint8Array {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return Uint8Array.from(out);
}
