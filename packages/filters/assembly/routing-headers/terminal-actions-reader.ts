// Reads the actions that change where or how a request goes besides the
// destination: `rewrite`, `redirect` and `directResponse` (Istio's
// HTTPRewrite, HTTPRedirect and HTTPDirectResponse).

import { JsonValue } from "@envoyscript/sdk/assembly";
import { DirectResponse, Redirect, Rewrite } from "./config";
import { ConfigErrors } from "./config-errors";
import { checkHeaderValue } from "./header-syntax";

export const REWRITE_FIELDS: string[] = ["uri", "authority"];
export const REDIRECT_FIELDS: string[] = ["uri", "authority", "scheme", "redirectCode"];
export const DIRECT_RESPONSE_FIELDS: string[] = ["status", "body"];
export const BODY_FIELDS: string[] = ["string"];
export const REDIRECT_CODES: u32[] = [301, 302, 303, 307, 308];

/** `rewrite: {uri, authority}`: at least one of them. */
export function readRewrite(value: JsonValue, path: string, errors: ConfigErrors): Rewrite {
  const rewrite = new Rewrite();
  if (!errors.object(value, path, REWRITE_FIELDS)) return rewrite;
  rewrite.uri = readPath(value.get("uri"), path + ".uri", errors);
  rewrite.authority = readAuthority(value.get("authority"), path + ".authority", errors);
  if (!errors.failed && rewrite.uri === null && rewrite.authority === null) {
    errors.invalid(path, "empty rewrite; set uri or authority");
  }
  return rewrite;
}

/** `redirect: {uri, authority, scheme, redirectCode}`: at least one of uri, authority, scheme. */
export function readRedirect(value: JsonValue, path: string, errors: ConfigErrors): Redirect {
  const redirect = new Redirect();
  if (!errors.object(value, path, REDIRECT_FIELDS)) return redirect;
  redirect.uri = readPath(value.get("uri"), path + ".uri", errors);
  redirect.authority = readAuthority(value.get("authority"), path + ".authority", errors);
  const scheme = value.get("scheme");
  if (scheme !== null) {
    const text = errors.string(scheme, path + ".scheme");
    if (!errors.failed && !isScheme(text)) errors.invalid(path + ".scheme", "expected a URL scheme such as https, got \"" + text + "\"");
    redirect.scheme = text;
  }
  const code = value.get("redirectCode");
  if (code !== null) {
    redirect.redirectCode = <u32>errors.integer(code, path + ".redirectCode", 300, 399);
    if (!errors.failed && !REDIRECT_CODES.includes(redirect.redirectCode)) {
      errors.invalid(path + ".redirectCode", "expected one of 301, 302, 303, 307, 308, got " + redirect.redirectCode.toString());
    }
  }
  if (!errors.failed && redirect.uri === null && redirect.authority === null && redirect.scheme === null) {
    errors.invalid(path, "a redirect to the same URL would loop; set uri, authority or scheme");
  }
  return redirect;
}

/** `directResponse: {status, body: {string}}`. */
export function readDirectResponse(value: JsonValue, path: string, errors: ConfigErrors): DirectResponse {
  if (!errors.object(value, path, DIRECT_RESPONSE_FIELDS)) return new DirectResponse(200, "");
  const statusValue = value.get("status");
  if (statusValue === null) {
    errors.invalid(path + ".status", "missing; give the HTTP status to answer with (200 to 599)");
    return new DirectResponse(200, "");
  }
  const status = <u32>errors.integer(statusValue, path + ".status", 200, 599);
  let body = "";
  const bodyValue = value.get("body");
  if (bodyValue !== null && errors.object(bodyValue, path + ".body", BODY_FIELDS)) {
    const text = bodyValue.get("string");
    if (text !== null) body = errors.string(text, path + ".body.string");
  }
  return new DirectResponse(status, body);
}

/** A path for rewrite/redirect: starts with "/", no whitespace or control characters. */
function readPath(value: JsonValue | null, path: string, errors: ConfigErrors): string | null {
  if (value === null) return null;
  const text = errors.string(value, path);
  if (errors.failed) return null;
  if (!text.startsWith("/")) {
    errors.invalid(path, "expected a path starting with \"/\", got \"" + text + "\"");
    return null;
  }
  checkNoBlank(text, path, errors);
  return text;
}

function readAuthority(value: JsonValue | null, path: string, errors: ConfigErrors): string | null {
  if (value === null) return null;
  const text = errors.string(value, path);
  if (errors.failed) return null;
  if (text.length == 0) {
    errors.invalid(path, "empty authority");
    return null;
  }
  checkNoBlank(text, path, errors);
  checkHeaderValue(text, path, errors);
  return text;
}

function checkNoBlank(text: string, path: string, errors: ConfigErrors): void {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x20 || code == 0x7f) {
      errors.invalid(path, "whitespace or control character at position " + i.toString() + "; percent-encode it");
      return;
    }
  }
}

function isScheme(text: string): bool {
  if (text.length == 0) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const letter = (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
    if (letter) continue;
    if (i > 0 && ((code >= 0x30 && code <= 0x39) || code == 0x2b || code == 0x2d || code == 0x2e)) continue;
    return false;
  }
  return true;
}
