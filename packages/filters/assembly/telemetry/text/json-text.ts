// JSON text for access-log lines. Strings are escaped so the line is one valid
// JSON document whatever a client sent: quotes and backslashes, every control
// character (U+0000..U+001F, U+007F), the line separators U+2028/U+2029 that
// break JavaScript readers, and lone UTF-16 surrogates (replaced by U+FFFD;
// they cannot come from valid UTF-8 but must never reach the output).

import { Value, ValueType, formatNumber } from "../expr/value";

/** `text` as a JSON string literal. */
export function jsonString(text: string): string {
  const parts = new Array<string>();
  parts.push("\"");
  let runStart = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    let escape: string | null = null;
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++; // a valid pair passes through
        continue;
      }
      escape = "\uFFFD";
    } else if (code >= 0xd800 && code <= 0xdfff) {
      escape = "\uFFFD";
    } else {
      escape = escapeFor(code);
    }
    if (escape === null) continue;
    parts.push(text.substring(runStart, i));
    parts.push(escape);
    runStart = i + 1;
  }
  parts.push(text.substring(runStart));
  parts.push("\"");
  return parts.join("");
}

/** A value as JSON: absent values are null, numbers without a fraction when whole. */
export function jsonValue(value: Value): string {
  if (!value.present) return "null";
  if (value.type == ValueType.String) return jsonString(value.text);
  if (value.type == ValueType.Bool) return value.flag ? "true" : "false";
  return formatNumber(value.number);
}

function escapeFor(code: i32): string | null {
  if (code == 0x22) return "\\\"";
  if (code == 0x5c) return "\\\\";
  if (code == 0x0a) return "\\n";
  if (code == 0x0d) return "\\r";
  if (code == 0x09) return "\\t";
  if (code < 0x20 || code == 0x7f || code == 0x2028 || code == 0x2029) return "\\u" + hex4(code);
  return null;
}

function hex4(code: i32): string {
  const digits = "0123456789abcdef";
  let text = "";
  for (let shift = 12; shift >= 0; shift -= 4) text += digits.charAt((code >> shift) & 15);
  return text;
}
