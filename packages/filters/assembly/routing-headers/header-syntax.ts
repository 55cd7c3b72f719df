// What may be written into a header: names are RFC 9110 tokens (lower-cased
// here, as HTTP/2 requires), values carry no CR, LF or NUL (which would let
// a configured value split or end a header).

import { lowerAscii } from "@envoyscript/sdk/assembly/matcher";
import { ConfigErrors } from "./config-errors";

/** The lower-cased header name, after recording why `name` is not a writable header name. */
export function checkHeaderName(name: string, path: string, errors: ConfigErrors): string {
  if (name.length == 0) {
    errors.invalid(path, "empty header name");
    return name;
  }
  if (name.charCodeAt(0) == 0x3a) {
    errors.invalid(path, "pseudo-header \"" + name + "\" cannot be edited here; use rewrite for :path and :authority");
    return name;
  }
  for (let i = 0; i < name.length; i++) {
    if (!isTokenChar(name.charCodeAt(i))) {
      errors.invalid(path, "header name \"" + name + "\" has a character not allowed in header names at position " +
        i.toString() + "; use letters, digits and !#$%&'*+-.^_`|~");
      return name;
    }
  }
  return lowerAscii(name);
}

/** Records a problem when `value` holds CR, LF or NUL. */
export function checkHeaderValue(value: string, path: string, errors: ConfigErrors): void {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code == 0x0d || code == 0x0a || code == 0x00) {
      errors.invalid(path, "header value has a CR, LF or NUL character at position " + i.toString() + "; remove it");
      return;
    }
  }
}

/** RFC 9110 `tchar`. */
function isTokenChar(code: i32): bool {
  if ((code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) return true;
  return code == 0x21 || (code >= 0x23 && code <= 0x27) || code == 0x2a || code == 0x2b || code == 0x2d ||
    code == 0x2e || code == 0x5e || code == 0x5f || code == 0x60 || code == 0x7c || code == 0x7e;
}
