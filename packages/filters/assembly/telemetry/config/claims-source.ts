// Where `request.auth.claims[...]` come from: the verified JWT payload that
// Envoy's jwt_authn filter leaves in dynamic metadata
// (`filter_metadata[<filter>][<key>]`, with `payload_in_metadata: <key>`),
// read through the SDK's `metadata.filter`. Istio's RequestAuthentication
// keys it by issuer, so an empty key takes the first member that is an object.

import { JsonValue, metadata } from "@envoyscript/sdk/assembly";

export const DEFAULT_CLAIMS_FILTER = "envoy.filters.http.jwt_authn";

export class ClaimsSource {
  constructor(public readonly filter: string, public readonly key: string) {}

  /** The current request's verified payload, or null when none was left. */
  payload(): JsonValue | null {
    const namespace = metadata.filter(this.filter);
    if (namespace === null) return null;
    if (this.key.length > 0) return objectOrNull(namespace.get(this.key));
    for (let i = 0; i < namespace.length; i++) {
      const member = objectOrNull(namespace.at(i));
      if (member !== null) return member;
    }
    return null;
  }
}

function objectOrNull(value: JsonValue | null): JsonValue | null {
  return value !== null && value.isObject() ? value : null;
}
