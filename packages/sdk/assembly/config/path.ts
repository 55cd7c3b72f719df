// Field paths as configuration errors print them: `rules[2].match[0].uri`,
// `headers["x y"]` for a member name that is not a plain identifier, and
// `(root)` for the document itself (stored as "").

/** How the document itself is named in an error. */
export const ROOT_PATH_NAME = "(root)";

/** `path` as printed: `(root)` for the document itself. */
export function displayPath(path: string): string {
  return path.length == 0 ? ROOT_PATH_NAME : path;
}

/** The path of member `name` of the object at `path`. */
export function memberPath(path: string, name: string): string {
  if (!isPlainName(name)) return path + "[" + quoteName(name) + "]";
  return path.length == 0 ? name : path + "." + name;
}

/** The path of item `index` of the array at `path`. */
export function itemPath(path: string, index: i32): string {
  return path + "[" + index.toString() + "]";
}

/** Letters, digits, '_' and '-', not empty: printed after a dot. */
function isPlainName(name: string): bool {
  if (name.length == 0) return false;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    const plain = (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) ||
      (code >= 0x30 && code <= 0x39) || code == 0x5f || code == 0x2d;
    if (!plain) return false;
  }
  return true;
}

/** A member name in quotes, shortened and with quotes and control characters escaped. */
function quoteName(name: string): string {
  const shown = name.length <= 64 ? name : name.substring(0, 64) + "...";
  let text = "\"";
  for (let i = 0; i < shown.length; i++) {
    const code = shown.charCodeAt(i);
    if (code == 0x22 || code == 0x5c) text += "\\" + String.fromCharCode(code);
    else if (code < 0x20 || code == 0x7f) text += "\\u00" + (code < 16 ? "0" : "") + code.toString(16);
    else text += String.fromCharCode(code);
  }
  return text + "\"";
}
