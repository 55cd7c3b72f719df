// Reads the actions that change where or how a request goes besides the
// destination: `rewrite`, `redirect` and `directResponse` (Istio's
// HTTPRewrite, HTTPRedirect and HTTPDirectResponse).

import { ConfigErrorCode, JsonField, quoteJson } from "@envoyscript/sdk/assembly";
import { DirectResponse, Redirect, Rewrite } from "./config";

export const REWRITE_FIELDS: string[] = ["uri", "authority"];
export const REDIRECT_FIELDS: string[] = ["uri", "authority", "scheme", "redirectCode"];
export const DIRECT_RESPONSE_FIELDS: string[] = ["status", "body"];
export const BODY_FIELDS: string[] = ["string"];
export const REDIRECT_CODES: string[] = ["301", "302", "303", "307", "308"];

/** `rewrite: {uri, authority}`: at least one of them. */
export function readRewrite(field: JsonField): Rewrite {
  field.checkFields(REWRITE_FIELDS);
  const rewrite = new Rewrite(readPath(field.field("uri")), readAuthority(field.field("authority")));
  if (!field.config.failed && rewrite.uri === null && rewrite.authority === null) {
    field.refuse(ConfigErrorCode.EXCLUSIVE, "empty rewrite; set uri or authority");
  }
  return rewrite;
}

/** `redirect: {uri, authority, scheme, redirectCode}`: at least one of uri, authority, scheme. */
export function readRedirect(field: JsonField): Redirect {
  field.checkFields(REDIRECT_FIELDS);
  const uri = readPath(field.field("uri"));
  const authority = readAuthority(field.field("authority"));
  const scheme = readScheme(field.field("scheme"));
  const redirect = new Redirect(uri, authority, scheme, readRedirectCode(field.field("redirectCode")));
  if (!field.config.failed && uri === null && authority === null && scheme === null) {
    field.refuse(ConfigErrorCode.EXCLUSIVE, "a redirect to the same URL would loop; set uri, authority or scheme");
  }
  return redirect;
}

/** `directResponse: {status, body: {string}}`. */
export function readDirectResponse(field: JsonField): DirectResponse {
  field.checkFields(DIRECT_RESPONSE_FIELDS);
  const statusField = field.field("status");
  statusField.require("give the HTTP status to answer with (200 to 599)");
  const status = <u32>statusField.asInteger(200, 200, 599);
  const body = field.field("body");
  body.checkFields(BODY_FIELDS);
  return new DirectResponse(status, body.field("string").asString(""));
}

/** 301 (default), 302, 303, 307 or 308. */
function readRedirectCode(field: JsonField): u32 {
  const code = <u32>field.asInteger(301, 300, 399);
  if (field.present && !field.config.failed && !REDIRECT_CODES.includes(code.toString())) {
    field.refuse(ConfigErrorCode.ENUM, "expected one of " + REDIRECT_CODES.join(", ") + ", got " + code.toString());
  }
  return code;
}

/** A path for rewrite/redirect: starts with "/", no whitespace or control characters. */
function readPath(field: JsonField): string | null {
  if (!field.present) return null;
  const text = field.asString("", true);
  if (field.config.failed) return null;
  if (!text.startsWith("/")) {
    field.refuse(ConfigErrorCode.FORMAT, "expected a path starting with \"/\", got " + quoteJson(text));
    return null;
  }
  checkNoBlank(field, text);
  return text;
}

function readAuthority(field: JsonField): string | null {
  if (!field.present) return null;
  const text = field.asNonEmptyString("", true);
  if (field.config.failed) return null;
  checkNoBlank(field, text);
  field.checkHeaderValue(text);
  return text;
}

function readScheme(field: JsonField): string | null {
  if (!field.present) return null;
  const text = field.asString("", true);
  if (!field.config.failed && !isScheme(text)) field.refuse(ConfigErrorCode.FORMAT, "expected a URL scheme such as https, got " + quoteJson(text));
  return text;
}

function checkNoBlank(field: JsonField, text: string): void {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x20 || code == 0x7f) {
      field.refuse(ConfigErrorCode.FORMAT, "whitespace or control character at position " + i.toString() + "; percent-encode it");
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
