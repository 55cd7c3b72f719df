// Wycheproof-style edge cases for ECDSA and RSASSA-PKCS1-v1_5, crafted here
// rather than signed normally, to reach the code paths random signatures
// almost never do:
// - ECDSA signatures whose u1 = e/s and u2 = r/s take chosen values (0, 1,
//   the halves' boundaries around 2^h, n - 1), built with a small BigInt
//   model of the curve: k = u1 + u2 d gives R = kG, then s = r/u2 and
//   e = u1 s. They drive the split-scalar combination's edges.
// - An ECDSA signature whose point R has x >= n, so r = x - n, for a key
//   chosen to make R = u1 G + u2 Q (found by solving the curve equation for
//   x in [n, p)): the only way to reach the "x = r + n" comparison.
// - PKCS#1 v1.5 encodings that are almost right (no NULL in the
//   DigestInfo, block type 2, short padding, trailing bytes...), signed
//   with Node's raw RSA private operation: every one must be refused.
import { constants, createHash, generateKeyPairSync, privateEncrypt, randomBytes, sign, type KeyObject } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { HashAlg, loadCryptoHarness, type CryptoHarness } from "./crypto-harness.ts";

let harness: CryptoHarness;
beforeAll(async () => {
  harness = await loadCryptoHarness();
});

const toBigInt = (bytes: Uint8Array) => (bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString("hex")}`));
const toBytes = (value: bigint, length: number) => new Uint8Array(Buffer.from(value.toString(16).padStart(length * 2, "0"), "hex"));
const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;

function modPow(base: bigint, exponent: bigint, m: bigint): bigint {
  let result = 1n;
  for (let b = mod(base, m), e = exponent; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) result = (result * b) % m;
  return result;
}
function inverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [mod(a, m), m, 1n, 0n];
  while (r1) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return mod(s0, m);
}

interface CurveModel {
  readonly crv: "P-256" | "P-384";
  readonly size: number;
  readonly p: bigint;
  readonly n: bigint;
  readonly b: bigint;
  readonly g: Point;
}
type Point = { x: bigint; y: bigint } | null; // null: the point at infinity

const CURVES: CurveModel[] = [
  {
    crv: "P-256",
    size: 32,
    p: 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n,
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
    g: {
      x: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
      y: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
    },
  },
  {
    crv: "P-384",
    size: 48,
    p: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
    n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
    g: {
      x: 0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n,
      y: 0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn,
    },
  },
];

/** Affine addition on y^2 = x^3 - 3x + b, infinity as null. */
function add(curve: CurveModel, a: Point, b: Point): Point {
  const { p } = curve;
  if (a === null) return b;
  if (b === null) return a;
  if (a.x === b.x && mod(a.y + b.y, p) === 0n) return null;
  const slope = a.x === b.x
    ? mod((3n * a.x * a.x - 3n) * inverse(2n * a.y, p), p)
    : mod((b.y - a.y) * inverse(mod(b.x - a.x, p), p), p);
  const x = mod(slope * slope - a.x - b.x, p);
  return { x, y: mod(slope * (a.x - x) - a.y, p) };
}

function multiply(curve: CurveModel, k: bigint, point: Point): Point {
  let result: Point = null;
  for (let addend = point, e = mod(k, curve.n); e > 0n; e >>= 1n, addend = add(curve, addend, addend)) {
    if (e & 1n) result = add(curve, result, addend);
  }
  return result;
}

const negate = (curve: CurveModel, point: Point): Point => (point === null ? null : { x: point.x, y: mod(-point.y, curve.p) });

function importPoint(curve: CurveModel, point: { x: bigint; y: bigint }): number {
  const handle = harness.importEc(curve.crv, Buffer.from(toBytes(point.x, curve.size)).toString("base64url"), Buffer.from(toBytes(point.y, curve.size)).toString("base64url"));
  if (handle < 0) throw new Error(`key refused: ${harness.lastKeyImportMessage()}`);
  return handle;
}

interface Crafted { key: number; digest: Uint8Array; signature: Uint8Array }

/** A valid signature under private key d whose verification computes exactly u1 G + u2 Q. */
function craft(curve: CurveModel, d: bigint, u1: bigint, u2: bigint, key: number): Crafted {
  const { n, size } = curve;
  const point = multiply(curve, mod(u1 + u2 * d, n), curve.g);
  if (point === null) throw new Error("k = 0: pick other u1, u2");
  const r = point.x % n;
  const s = mod(r * inverse(u2, n), n);
  const e = mod(u1 * s, n);
  return { key, digest: toBytes(e, size), signature: new Uint8Array([...toBytes(r, size), ...toBytes(s, size)]) };
}

describe.each(CURVES)("crafted ECDSA signatures on $crv", (curve) => {
  const half = 1n << BigInt(curve.size * 4); // 2^h, where scalars are split
  const d = mod(toBigInt(new Uint8Array(randomBytes(curve.size))), curve.n - 1n) + 1n;
  let key: number;
  beforeAll(() => {
    key = importPoint(curve, multiply(curve, d, curve.g)!);
  });

  const edges = () => [1n, 2n, 3n, half - 1n, half, half + 1n, 2n * half - 1n, curve.n - 1n, curve.n - half, mod(toBigInt(new Uint8Array(randomBytes(curve.size))), curve.n)];

  it("verifies when u1 and u2 sit at the halves' edges, and refuses when anything is off by one", () => {
    const u2s = edges();
    for (const [index, u1] of [0n, ...edges()].entries()) {
      for (const u2 of [u2s[index % u2s.length], u2s[(index + 3) % u2s.length], u2s[(index + 7) % u2s.length]]) {
        if (u2 === 0n || mod(u1 + u2 * d, curve.n) === 0n) continue;
        const { digest, signature } = craft(curve, d, u1, u2, key);
        const label = `u1 = ${u1.toString(16)}, u2 = ${u2.toString(16)}`;
        expect(harness.verifyEcdsaDigest(key, digest, signature), label).toBe(true);
        const wrongDigest = toBytes(mod(toBigInt(digest) + 1n, curve.n), curve.size);
        expect(harness.verifyEcdsaDigest(key, wrongDigest, signature), label).toBe(false);
      }
    }
  });

  it("reduces a digest at or above n, as e = leftmost bits mod n", () => {
    // u1 = 0 takes e = 0; e = n (not reduced by the signer) must verify the same.
    const { digest, signature } = craft(curve, d, 0n, 5n, key);
    expect(toBigInt(digest)).toBe(0n);
    expect(harness.verifyEcdsaDigest(key, toBytes(curve.n, curve.size), signature)).toBe(true);
    // A longer hash is cut to its leftmost bits: e followed by anything.
    const long = new Uint8Array([...digest, ...randomBytes(16)]);
    expect(harness.verifyEcdsaDigest(key, long, signature)).toBe(true);
  });

  it("verifies a signature whose R has x >= n (r = x - n), and refuses it for another key", () => {
    // An x in (n, p) on the curve (p = 3 mod 4: square roots by one power);
    // not n itself, which is on P-384 and would make r = 0.
    let r: { x: bigint; y: bigint } | null = null;
    for (let x = curve.n + 1n; x < curve.p && r === null; x++) {
      const rhs = mod(x * x * x - 3n * x + curve.b, curve.p);
      const y = modPow(rhs, (curve.p + 1n) / 4n, curve.p);
      if ((y * y) % curve.p === rhs) r = { x, y };
    }
    expect(r).not.toBeNull();
    const u1 = 7n, u2 = 11n;
    // Q = (R - u1 G) / u2, so that u1 G + u2 Q = R.
    const q = multiply(curve, inverse(u2, curve.n), add(curve, r, negate(curve, multiply(curve, u1, curve.g))))!;
    const special = importPoint(curve, q);
    const rValue = r!.x - curve.n;
    expect(rValue > 0n && rValue + curve.n < curve.p).toBe(true);
    const s = mod(rValue * inverse(u2, curve.n), curve.n);
    const e = mod(u1 * s, curve.n);
    const signature = new Uint8Array([...toBytes(rValue, curve.size), ...toBytes(s, curve.size)]);
    expect(harness.verifyEcdsaDigest(special, toBytes(e, curve.size), signature)).toBe(true);
    expect(harness.verifyEcdsaDigest(key, toBytes(e, curve.size), signature)).toBe(false);
  });

  it("refuses r and s swapped, r = s = 1, r = n - 1 and s = n - 1, without trapping", () => {
    const { digest, signature } = craft(curve, d, 12345n, 67890n, key);
    const size = curve.size;
    const r = signature.subarray(0, size), s = signature.subarray(size);
    const one = toBytes(1n, size), top = toBytes(curve.n - 1n, size);
    for (const [first, second, label] of [[s, r, "swapped"], [one, one, "1, 1"], [top, s, "r = n - 1"], [r, top, "s = n - 1"]] as const) {
      expect(harness.verifyEcdsaDigest(key, digest, new Uint8Array([...first, ...second])), label).toBe(false);
    }
  });
});

describe("RSASSA-PKCS1-v1_5 encodings that are almost right", () => {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = publicKey.export({ format: "jwk" });
  const modulus = toBigInt(new Uint8Array(Buffer.from(jwk.n!, "base64url")));
  let key: number;
  beforeAll(() => {
    key = harness.importRsa(jwk.n!, jwk.e!);
  });

  const message = new Uint8Array(randomBytes(100));
  const hash = createHash("sha256").update(message).digest();
  const digestInfo = (withNull: boolean) => Buffer.from(withNull ? "3031300d060960864801650304020105000420" : "302f300b0609608648016503040201" + "0420", "hex");
  /** 0x00 blockType 0xff.. 0x00 body, `k` bytes (padding fills the rest). */
  const encode = (body: Uint8Array, blockType = 0x01, fill = 0xff) => {
    const k = 256;
    const out = new Uint8Array(k);
    out[1] = blockType;
    out.fill(fill, 2, k - body.length - 1);
    out.set(body, k - body.length);
    return out;
  };
  /** A raw RSA signature of the encoded message (Node's private operation without padding). */
  const rawSign = (encoded: Uint8Array, signer: KeyObject = privateKey) => new Uint8Array(privateEncrypt({ key: signer, padding: constants.RSA_NO_PADDING }, encoded));

  it("accepts the exact encoding signed raw, as Node's own signature", () => {
    const exact = rawSign(encode(Buffer.concat([digestInfo(true), hash])));
    expect(Buffer.from(exact)).toEqual(sign("sha256", message, privateKey));
    expect(harness.verifyRsaPkcs1(key, HashAlg.SHA256, message, exact)).toBe(true);
  });

  it.each([
    ["DigestInfo without the NULL parameters", () => encode(Buffer.concat([digestInfo(false), hash]))],
    ["block type 2", () => encode(Buffer.concat([digestInfo(true), hash]), 0x02)],
    ["padding of 0x00 instead of 0xff", () => encode(Buffer.concat([digestInfo(true), hash]), 0x01, 0x00)],
    ["a byte of padding that is not 0xff", () => {
      const encoded = encode(Buffer.concat([digestInfo(true), hash]));
      encoded[100] = 0xfe;
      return encoded;
    }],
    ["the hash followed by a trailing byte", () => encode(Buffer.concat([digestInfo(true), hash, Buffer.from([0])]))],
    ["another hash's DigestInfo (SHA-384 prefix, SHA-256 length)", () => encode(Buffer.concat([Buffer.from("3041300d060960864801650304020205000430", "hex"), hash, Buffer.alloc(16)]))],
    ["a wrong hash", () => encode(Buffer.concat([digestInfo(true), createHash("sha256").update("other").digest()]))],
    ["no 0x00 before the DigestInfo", () => {
      const encoded = encode(Buffer.concat([digestInfo(true), hash]));
      encoded[256 - 19 - 32 - 1] = 0xff;
      return encoded;
    }],
  ])("refuses %s", (_, build) => {
    expect(harness.verifyRsaPkcs1(key, HashAlg.SHA256, message, rawSign(build()))).toBe(false);
  });

  it("refuses the signatures 1 and n - 1, and a signature one above a valid one, without trapping", () => {
    expect(harness.verifyRsaPkcs1(key, HashAlg.SHA256, message, toBytes(1n, 256))).toBe(false);
    expect(harness.verifyRsaPkcs1(key, HashAlg.SHA256, message, toBytes(modulus - 1n, 256))).toBe(false);
    const valid = toBigInt(new Uint8Array(sign("sha256", message, privateKey)));
    expect(harness.verifyRsaPkcs1(key, HashAlg.SHA256, message, toBytes(valid + 1n, 256))).toBe(false);
    expect(harness.verifyRsaPkcs1(key, HashAlg.SHA256, message, toBytes(valid + modulus, 257))).toBe(false);
  });
});
