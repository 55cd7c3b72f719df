// Where `request.auth.claims[...]` come from: the verified JWT payload that
// Envoy's jwt_authn filter leaves in dynamic metadata
// (`metadata.filter_metadata.<filter>.<key>`, with `payload_in_metadata: <key>`).
// Istio's RequestAuthentication keys it by issuer, so an empty key takes the
// first member present.

import { Value, ValueType } from "../expr/value";
import { structuredPropertyKeys, structuredPropertyText } from "../structured-property";

export const DEFAULT_CLAIMS_FILTER = "envoy.filters.http.jwt_authn";

export class ClaimsSource {
  constructor(public readonly filter: string, public readonly key: string) {}

  /** The payload's member name for the current request ("" when no payload was left). */
  payloadKey(): string {
    if (this.key.length > 0) return this.key;
    const keys = structuredPropertyKeys(["metadata", "filter_metadata", this.filter]);
    return keys.length > 0 ? keys[0] : "";
  }

  /** Claim `claim` of the current request's payload, as text; absent without a payload. */
  claim(payloadKey: string, claim: string): Value {
    if (payloadKey.length == 0) return Value.absent(ValueType.String);
    return structuredPropertyText(["metadata", "filter_metadata", this.filter, payloadKey, claim]);
  }
}
