// Label values travel inside a stat name (./series-name) and Envoy's tag
// extraction cuts them out again at the next ";". So a value must not contain
// the encoding's delimiters, and Prometheus text must stay readable:
//   ";" and "="       -> "_" (they would end or confuse the value)
//   space, control characters, non-ASCII, '"', "\" -> "_"
//   "." at either end or next to another "." -> "_"
// The last rule is Envoy's: "." separates the parts of a stat name, and a
// value ending in dots or holding ".." comes out of tag extraction shortened
// ("trail." shows as "trail", "..x.." as "..x"). A lone inner dot survives,
// so "HTTP/1.1" and "api.example.com" keep theirs. Everything else printable
// ASCII is kept; values are cut to a configured length. An empty value
// becomes the dimension's default.

/** `text` made safe as a label value, at most `maxLength` characters. */
export function sanitizeLabelValue(text: string, maxLength: i32): string {
  const length = min(text.length, maxLength);
  let clean = true;
  for (let i = 0; i < length; i++) {
    if (!keepsAt(text, i, length)) {
      clean = false;
      break;
    }
  }
  if (clean) return length == text.length ? text : text.substring(0, length);
  const codes = new Array<i32>(length);
  for (let i = 0; i < length; i++) unchecked((codes[i] = keepsAt(text, i, length) ? text.charCodeAt(i) : 0x5f));
  return String.fromCharCodes(codes);
}

/** Whether character `i` of the first `length` characters of `text` stays as it is. */
function keepsAt(text: string, i: i32, length: i32): bool {
  const code = text.charCodeAt(i);
  if (code != 0x2e) return keeps(code);
  return i > 0 && i < length - 1 && text.charCodeAt(i - 1) != 0x2e && text.charCodeAt(i + 1) != 0x2e;
}

function keeps(code: i32): bool {
  return code > 0x20 && code < 0x7f && code != 0x3b && code != 0x3d && code != 0x22 && code != 0x5c;
}
