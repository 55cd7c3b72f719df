// What a verified token leaves on the request for the upstream: the token
// itself removed unless `forwardOriginalToken`, the payload in a header
// (`outputPayloadToHeader`, base64url JSON as Istio sends it) and single
// claims in headers (`outputClaimToHeaders`). Every one of these headers was
// removed from the request first (stripOutputHeaders), whatever its token,
// as Envoy's jwt_authn does: only this filter's values reach the upstream.

import { requestHeaders } from "@envoyscript/sdk/assembly";
import { base64UrlEncode } from "@envoyscript/sdk/assembly/crypto";
import { ProviderConfig } from "../config/provider-config";
import { claimAt, claimStrings } from "../authz/condition";
import { VerifiedIdentity } from "./identity";
import { FoundToken } from "./authenticator";
import { IncomingHeaders } from "../incoming-headers";

/** Longest claim value copied into a header. */
const MAX_CLAIM_HEADER_LENGTH: i32 = 8192;

export function applyHeaderOutputs(provider: ProviderConfig, identity: VerifiedIdentity, found: FoundToken | null): void {
  if (found !== null && found.location.isHeader && !provider.forwardOriginalToken) requestHeaders.remove(found.location.name);
  if (provider.outputPayloadToHeader.length > 0) {
    requestHeaders.replace(provider.outputPayloadToHeader, payloadSegment(identity, found));
  }
  const outputs = provider.outputClaimToHeaders;
  if (outputs.length == 0) return;
  const values = claimHeaderValues(provider, identity);
  for (let i = 0; i < outputs.length; i++) {
    const value = unchecked(values[i]);
    if (value !== null) requestHeaders.replace(unchecked(outputs[i]).header, value);
  }
}

/** What each of the provider's claim outputs writes for `identity`, computed on its first request. */
function claimHeaderValues(provider: ProviderConfig, identity: VerifiedIdentity): Array<string | null> {
  const known = identity.claimHeaderValues;
  if (known !== null) return known;
  const outputs = provider.outputClaimToHeaders;
  const values = new Array<string | null>(outputs.length);
  for (let i = 0; i < outputs.length; i++) {
    const claims = new Array<string>();
    claimStrings(claimAt(identity.claims, unchecked(outputs[i]).claimPath), claims);
    const text = claims.join(",");
    values[i] = claims.length > 0 && text.length <= MAX_CLAIM_HEADER_LENGTH && isSafeHeaderValue(text) ? text : null;
  }
  identity.claimHeaderValues = values;
  return values;
}

/**
 * Removes every header the filter may write (`names`: the configuration's
 * output headers) from the current request, before anything else looks at
 * it: a client's copy must never reach the upstream as if verified. Only
 * present headers are removed (a removal makes Envoy select the route
 * again).
 */
export function stripOutputHeaders(headers: IncomingHeaders, names: string[]): void {
  for (let i = 0; i < names.length; i++) {
    const name = unchecked(names[i]);
    if (headers.has(name)) headers.remove(name);
  }
}

/** The token's payload segment as sent, or (mesh mode, no token) the claims re-encoded. */
function payloadSegment(identity: VerifiedIdentity, found: FoundToken | null): string {
  if (found !== null) {
    const token = found.token;
    const first = token.indexOf(".");
    const second = token.indexOf(".", first + 1);
    if (first > 0 && second > first) return token.substring(first + 1, second);
  }
  return base64UrlEncode(Uint8Array.wrap(String.UTF8.encode(identity.claims.toString())));
}

/** No control characters (CR/LF would split headers; Envoy refuses them). */
function isSafeHeaderValue(text: string): bool {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code == 0x7f) return false;
  }
  return true;
}
