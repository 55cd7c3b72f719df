// What a configuration may name as a header: names are RFC 9110 tokens
// (compared lower-cased, as HTTP/2 requires), optionally pseudo-headers
// (`:authority`); values carry no CR, LF or NUL, which would split or end a
// header.

/** Why `name` is not a header name ("" when it is one). */
export function headerNameProblem(name: string, allowPseudo: bool): string {
  if (name.length == 0) return "empty header name";
  const pseudo = name.charCodeAt(0) == 0x3a;
  if (pseudo && !allowPseudo) return "pseudo-header \"" + name + "\" cannot be used here";
  for (let i = pseudo ? 1 : 0; i < name.length; i++) {
    if (!isTokenChar(name.charCodeAt(i))) {
      return "header name \"" + name + "\" has a character not allowed in header names at position " + i.toString() +
        "; use letters, digits and !#$%&'*+-.^_`|~" + (allowPseudo ? " (or a leading ':' for pseudo-headers)" : "");
    }
  }
  return pseudo && name.length == 1 ? "empty pseudo-header name \":\"" : "";
}

/** Why `value` cannot be written into a header ("" when it can). */
export function headerValueProblem(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code == 0x0d || code == 0x0a || code == 0x00) {
      return "header value has a CR, LF or NUL character at position " + i.toString() + "; remove it";
    }
  }
  return "";
}

/** RFC 9110 `tchar`. */
export function isTokenChar(code: i32): bool {
  if ((code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) return true;
  return code == 0x21 || (code >= 0x23 && code <= 0x27) || code == 0x2a || code == 0x2b || code == 0x2d ||
    code == 0x2e || code == 0x5e || code == 0x5f || code == 0x60 || code == 0x7c || code == 0x7e;
}
