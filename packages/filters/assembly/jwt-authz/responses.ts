// The local answers: 401 with `WWW-Authenticate` for a bad token (as Envoy's
// jwt_authn words it), 403 `RBAC: access denied` for a denied request (as
// Envoy's RBAC filter does).

import { HeaderPair, sendTextResponse } from "@envoyscript/sdk/assembly";
import { IncomingHeaders } from "./incoming-headers";

export function sendUnauthorized(message: string, headers: IncomingHeaders): void {
  const realm = requestRealm(headers);
  sendTextResponse(401, message, [
    new HeaderPair("www-authenticate", "Bearer realm=\"" + realm + "\", error=\"invalid_token\""),
    new HeaderPair("content-type", "text/plain"),
  ], "jwt_authz_invalid_token");
}

export function sendForbidden(): void {
  sendTextResponse(403, "RBAC: access denied", [new HeaderPair("content-type", "text/plain")], "jwt_authz_access_denied");
}

/** The request's URL without query, as jwt_authn uses for the realm; quotes removed. */
function requestRealm(headers: IncomingHeaders): string {
  const scheme = headers.first(":scheme");
  const authority = headers.first(":authority");
  const fullPath = headers.first(":path");
  let path = fullPath === null ? "/" : fullPath;
  const query = path.indexOf("?");
  if (query >= 0) path = path.substring(0, query);
  const realm = (scheme === null ? "http" : scheme) + "://" + (authority === null ? "" : authority) + path;
  return realm.replaceAll("\"", "").replaceAll("\\", "");
}
