// Header values and metadata are bytes a client chose: they may be invalid
// UTF-8. Every byte that does not start a valid sequence becomes U+FFFD, so
// later steps (JSON escaping, label sanitising) only ever see valid text.

import { findInvalidUtf8 } from "@envoyscript/sdk/assembly";

const REPLACEMENT = "\uFFFD";

/** `bytes` decoded as UTF-8, each invalid byte replaced by U+FFFD. Linear in the input. */
export function decodeUtf8Lossy(bytes: ArrayBuffer): string {
  const base = changetype<usize>(bytes);
  const length = bytes.byteLength;
  let text = "";
  let at = 0;
  while (at < length) {
    const bad = findInvalidUtf8(base + <usize>at, length - at);
    if (bad < 0) return text + String.UTF8.decodeUnsafe(base + <usize>at, <usize>(length - at));
    text += String.UTF8.decodeUnsafe(base + <usize>at, <usize>bad) + REPLACEMENT;
    at += bad + 1;
  }
  return text;
}
