// The local answers: 401 with `WWW-Authenticate` for a bad token (as Envoy's
// jwt_authn words it), 403 `RBAC: access denied` for a denied request (as
// Envoy's RBAC filter does).

import { HeaderPair, requestHeaders, sendTextResponse } from "@envoyscript/sdk/assembly";

export function sendUnauthorized(message: string): void {
  const realm = requestRealm();
  sendTextResponse(401, message, [
    new HeaderPair("www-authenticate", "Bearer realm=\"" + realm + "\", error=\"invalid_token\""),
    new HeaderPair("content-type", "text/plain"),
  ], "jwt_authz_invalid_token");
}

export function sendForbidden(): void {
  sendTextResponse(403, "RBAC: access denied", [new HeaderPair("content-type", "text/plain")], "jwt_authz_access_denied");
}

/** The request's URL without query, as jwt_authn uses for the realm; quotes removed. */
function requestRealm(): string {
  const scheme = requestHeaders.get(":scheme");
  const authority = requestHeaders.get(":authority");
  const fullPath = requestHeaders.get(":path");
  let path = fullPath === null ? "/" : fullPath;
  const query = path.indexOf("?");
  if (query >= 0) path = path.substring(0, query);
  const realm = (scheme === null ? "http" : scheme) + "://" + (authority === null ? "" : authority) + path;
  return realm.replaceAll("\"", "").replaceAll("\\", "");
}
