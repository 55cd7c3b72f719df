// Random identifiers from the host's randomness (WASI random_get).

import { randomBytes } from "@envoyscript/sdk/assembly";

const HEX = "0123456789abcdef";

/** A random UUID version 4 (RFC 9562), lower-case: xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx. */
export function uuidV4(): string {
  const bytes = randomBytes(16);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = hexOf(bytes, 0, 16);
  return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-" + hex.substring(16, 20) + "-" + hex.substring(20);
}

/** bytes[from, to) as lower-case hex, never all zero (trace and span ids must not be zero). */
export function nonZeroHex(bytes: Uint8Array, from: i32, to: i32): string {
  let any: u32 = 0;
  for (let i = from; i < to; i++) any |= bytes[i];
  if (any == 0) bytes[to - 1] = 1;
  return hexOf(bytes, from, to);
}

function hexOf(bytes: Uint8Array, from: i32, to: i32): string {
  const codes = new Array<i32>((to - from) * 2);
  for (let i = from; i < to; i++) {
    const byte = <i32>bytes[i];
    codes[(i - from) * 2] = HEX.charCodeAt(byte >> 4);
    codes[(i - from) * 2 + 1] = HEX.charCodeAt(byte & 15);
  }
  return String.fromCharCodes(codes);
}
