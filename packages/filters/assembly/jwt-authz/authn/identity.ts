// Who the request is, once its token was verified (by this filter or, in
// mesh mode, by Envoy's jwt_authn): Istio's `request.auth.*` attributes.

import { JsonValue } from "@envoyscript/sdk/assembly";

export class VerifiedIdentity {
  private principalText: string | null = null;
  /**
   * The provider's `outputClaimToHeaders` values for this identity, by
   * output (null: no value to write), kept once computed: a cached identity
   * serves many requests (authn/header-outputs.ts).
   */
  claimHeaderValues: Array<string | null> | null = null;

  constructor(
    public readonly issuer: string,
    public readonly subject: string,
    public readonly audiences: string[],
    public readonly presenter: string,
    /** The whole payload: `request.auth.claims[...]` reads it. */
    public readonly claims: JsonValue,
    /** "exp" in seconds, NaN when the token has none. */
    public readonly expiresAt: f64,
  ) {}

  /** `request.auth.principal`: "<iss>/<sub>", as Istio forms it; built once (a cached identity serves many requests). */
  get principal(): string {
    let text = this.principalText;
    if (text === null) {
      text = this.issuer + "/" + this.subject;
      this.principalText = text;
    }
    return text;
  }
}

/** The identity of a payload (claims object), reading iss, sub, aud, azp, exp leniently. */
export function identityFromPayload(payload: JsonValue): VerifiedIdentity {
  const audiences = new Array<string>();
  const aud = payload.get("aud");
  if (aud !== null && aud.isString()) audiences.push(aud.asString());
  if (aud !== null && aud.isArray()) {
    for (let i = 0; i < aud.length; i++) {
      const item = aud.at(i)!;
      if (item.isString()) audiences.push(item.asString());
    }
  }
  const exp = payload.get("exp");
  return new VerifiedIdentity(
    stringClaim(payload, "iss"), stringClaim(payload, "sub"), audiences, stringClaim(payload, "azp"), payload,
    exp !== null && exp.isNumber() ? exp.asNumber() : NaN,
  );
}

function stringClaim(payload: JsonValue, name: string): string {
  const value = payload.get(name);
  return value !== null && value.isString() ? value.asString() : "";
}
