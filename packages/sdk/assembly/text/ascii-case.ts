// ASCII-only case folding, as Envoy does for header names and for
// case-insensitive path matching (absl::AsciiStrToLower, EqualsIgnoreCase).
// Non-ASCII characters compare exactly. No allocation when comparing.

// @ts-ignore: decorator
@inline
function foldAscii(code: i32): i32 {
  return code >= 0x41 && code <= 0x5a ? code + 0x20 : code;
}

/** `text` with ASCII A-Z lowered; the same string when there is nothing to lower. */
export function lowerAscii(text: string): string {
  let hasUpper = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x41 && code <= 0x5a) {
      hasUpper = true;
      break;
    }
  }
  if (!hasUpper) return text;
  const units = new Array<i32>(text.length);
  for (let i = 0; i < text.length; i++) unchecked(units[i] = foldAscii(text.charCodeAt(i)));
  return String.fromCharCodes(units);
}

/**
 * True when `text[start, start + lower.length)` equals `lower` ignoring ASCII
 * case in `text` (`lower` is already lower-cased).
 */
export function regionEqualsFolded(text: string, start: i32, lower: string): bool {
  const length = lower.length;
  if (start < 0 || start + length > text.length) return false;
  for (let i = 0; i < length; i++) {
    if (foldAscii(text.charCodeAt(start + i)) != lower.charCodeAt(i)) return false;
  }
  return true;
}

/** True when `text[start, end)` equals `wanted` exactly. */
export function regionEquals(text: string, start: i32, end: i32, wanted: string): bool {
  const length = end - start;
  if (length != wanted.length) return false;
  for (let i = 0; i < length; i++) {
    if (text.charCodeAt(start + i) != wanted.charCodeAt(i)) return false;
  }
  return true;
}
