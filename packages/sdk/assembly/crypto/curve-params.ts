// The numbers that define a short Weierstrass curve y^2 = x^3 - 3x + b over
// the prime field of p, with a base point G of prime order n. Both NIST
// curves here have a = -3 (which the point doubling relies on) and
// cofactor 1 (so any point on the curve other than infinity has order n).

export class CurveParameters {
  constructor(
    /** The JWK "crv" value (RFC 7518 section 6.2.1.1). */
    readonly name: string,
    /** Bytes in a field element, a coordinate, and half a JWS signature. */
    readonly byteLength: i32,
    /** The field prime p, in hex. */
    readonly primeHex: string,
    /** The group order n, in hex. Its bit length is exactly 8 * byteLength. */
    readonly orderHex: string,
    /** The curve coefficient b, in hex. */
    readonly bHex: string,
    /** The base point's x, in hex. */
    readonly generatorXHex: string,
    /** The base point's y, in hex. */
    readonly generatorYHex: string,
  ) {}
}
