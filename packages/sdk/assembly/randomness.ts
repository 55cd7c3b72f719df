// Randomness from the host (WASI `random_get`). `Math.random` is seeded from
// the same source by the build preset; use these for tokens and ids.

import { wasi_random_get } from "./imports";

/** `length` random bytes from the host. Wraps WASI `random_get`; callable in every callback. */
export function randomBytes(length: i32): Uint8Array {
  const bytes = new Uint8Array(length);
  if (length > 0) {
    const errno = wasi_random_get(bytes.dataStart, <usize>length);
    if (errno != 0) abort("envoyscript: random_get returned WASI errno " + errno.toString());
  }
  return bytes;
}

/** A random 64-bit integer from the host. Wraps WASI `random_get`. */
export function randomU64(): u64 {
  const bytes = randomBytes(8);
  return load<u64>(bytes.dataStart);
}

/** `length` random bytes as lowercase hex (e.g. a request id). Wraps WASI `random_get`. */
export function randomHex(length: i32): string {
  const bytes = randomBytes(length);
  let text = "";
  for (let i = 0; i < length; i++) {
    const byte = unchecked(bytes[i]);
    text += HEX.charAt(byte >> 4) + HEX.charAt(byte & 15);
  }
  return text;
}

const HEX = "0123456789abcdef";
