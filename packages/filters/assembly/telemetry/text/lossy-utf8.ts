// Header values and metadata are bytes a client chose: they may be invalid
// UTF-8. Every byte that does not start a valid sequence becomes U+FFFD, so
// later steps (JSON escaping, label sanitising) only ever see valid text.

import { findInvalidUtf8 } from "@envoyscript/sdk/assembly";

const REPLACEMENT = "\uFFFD";

/**
 * `bytes` decoded as UTF-8, each invalid byte replaced by U+FFFD. Linear in
 * the input: the valid runs are collected and joined once (appending to one
 * string per invalid byte copied the text each time, quadratic garbage that
 * a 60 KiB value of random bytes took past Envoy's 1 GiB of VM memory).
 */
export function decodeUtf8Lossy(bytes: ArrayBuffer): string {
  const base = changetype<usize>(bytes);
  const length = bytes.byteLength;
  let parts: string[] | null = null;
  let at = 0;
  while (at < length) {
    const bad = findInvalidUtf8(base + <usize>at, length - at);
    if (bad < 0) {
      const rest = String.UTF8.decodeUnsafe(base + <usize>at, <usize>(length - at));
      if (parts === null) return rest;
      parts.push(rest);
      break;
    }
    if (parts === null) parts = new Array<string>();
    parts.push(String.UTF8.decodeUnsafe(base + <usize>at, <usize>bad) + REPLACEMENT);
    at += bad + 1;
  }
  return parts === null ? "" : parts.join("");
}
