// The supported curves, each built on first use (a filter that never sees
// an EC key never pays for the generator tables).

import { CurveOverField, EllipticCurve } from "./ec";
import { P256Field } from "./field-p256";
import { P384Field } from "./field-p384";
import { P256 } from "./p256";
import { P384 } from "./p384";

let p256Curve: EllipticCurve | null = null;
let p384Curve: EllipticCurve | null = null;

/** NIST P-256, ready for verification. */
export function p256(): EllipticCurve {
  let curve = p256Curve;
  if (curve === null) {
    curve = new CurveOverField<P256Field>(P256, new P256Field());
    p256Curve = curve;
  }
  return curve;
}

/** NIST P-384, ready for verification. */
export function p384(): EllipticCurve {
  let curve = p384Curve;
  if (curve === null) {
    curve = new CurveOverField<P384Field>(P384, new P384Field());
    p384Curve = curve;
  }
  return curve;
}

/** The curve for a JWK "crv" value ("P-256" or "P-384"), or null. */
export function curveByName(name: string): EllipticCurve | null {
  if (name == P256.name) return p256();
  if (name == P384.name) return p384();
  return null;
}
