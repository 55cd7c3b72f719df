// Writes the straight-line field arithmetic of the NIST curves,
// assembly/crypto/field-p256.ts and field-p384.ts: Montgomery products and
// squares fully unrolled over unsaturated limbs, additions and subtractions
// folded with the primes' special form. Loops and indexing cost more than
// the arithmetic at these sizes in WebAssembly; the unrolled code keeps
// every limb in a local.
//
//   npx tsx test/support/field-codegen.ts --write   (from packages/sdk)
//
// test/crypto-field.test.ts fails when the committed files differ from what
// this writes, and checks the arithmetic against BigInt.
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

export interface FieldSpec {
  /** Class name, e.g. "P256Field". */
  readonly className: string;
  /** Curve name for comments. */
  readonly curve: string;
  /** The prime as a formula, for comments. */
  readonly formula: string;
  readonly prime: bigint;
  /** Bits of the prime. */
  readonly bits: number;
  /** Bits per limb. */
  readonly radixBits: number;
  /** Limbs per value: radixBits * limbs >= bits + 5, so R >= 32p. */
  readonly limbs: number;
  /** Output file, relative to packages/sdk. */
  readonly file: string;
  /** A squaring of its own (about a fifth faster than a product) or the product (half the code). */
  readonly unrolledSquare: boolean;
}

export const FIELDS: readonly FieldSpec[] = [
  {
    className: "P256Field",
    curve: "P-256",
    formula: "2^256 - 2^224 + 2^192 + 2^96 - 1",
    prime: 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n,
    bits: 256,
    radixBits: 29,
    limbs: 9,
    file: "assembly/crypto/field-p256.ts",
    unrolledSquare: true,
  },
  {
    className: "P384Field",
    curve: "P-384",
    formula: "2^384 - 2^128 - 2^96 + 2^32 - 1",
    prime: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
    bits: 384,
    radixBits: 28,
    limbs: 14,
    file: "assembly/crypto/field-p384.ts",
    // ES384 is far from the goal's hot path: half the code for P-384's squares.
    unrolledSquare: false,
  },
];

/** `value` as `count` limbs of `w` bits, least significant first (the last limb takes what is left). */
export function toLimbs(value: bigint, w: number, count: number): bigint[] {
  const mask = (1n << BigInt(w)) - 1n;
  const limbs: bigint[] = [];
  for (let i = 0; i < count; i++) limbs.push(i === count - 1 ? value >> BigInt(w * i) : (value >> BigInt(w * i)) & mask);
  return limbs;
}

function checkSpec(spec: FieldSpec): void {
  const w = BigInt(spec.radixBits);
  const mask = (1n << w) - 1n;
  if (spec.prime % (1n << w) !== mask) throw new Error(`${spec.curve}: p must be -1 mod 2^w (then -1/p mod 2^w is 1)`);
  if (spec.radixBits * spec.limbs < spec.bits + 5) throw new Error(`${spec.curve}: R must be at least 32p`);
  if (spec.radixBits * (spec.limbs - 1) >= spec.bits) throw new Error(`${spec.curve}: the top limb must hold the prime's top bits`);
  // A column of a product: `limbs` products of inputs below 2^(w+1) (the
  // top limb), every m * p term, and the carry, below 2^64.
  const column = BigInt(spec.limbs) * (1n << (2n * w + 1n)) + BigInt(spec.limbs) * (1n << (2n * w)) + (1n << (64n - w + 1n));
  if (column >= 1n << 64n) throw new Error(`${spec.curve}: a product column could overflow 64 bits`);
}

const hex = (value: bigint) => `0x${value.toString(16)}`;

/** The multiplication (or squaring when `a === b`) body. */
function productBody(spec: FieldSpec, square: boolean): string[] {
  const n = spec.limbs;
  const w = spec.radixBits;
  const p = toLimbs(spec.prime, w, n);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(`const a${i} = <u64>load<u32>(a, ${4 * i});`);
  if (!square) for (let i = 0; i < n; i++) lines.push(`const b${i} = <u64>load<u32>(b, ${4 * i});`);
  const product = (i: number, j: number) => (square ? `a${i} * a${j}` : `a${i} * b${j}`);
  const columnTerms = (k: number): string[] => {
    const low = Math.max(0, k - n + 1);
    const high = Math.min(k, n - 1);
    const terms: string[] = [];
    if (square) {
      const cross: string[] = [];
      for (let i = low; i <= high && i < k - i; i++) cross.push(product(i, k - i));
      if (cross.length > 0) terms.push(`((${cross.join(" + ")}) << 1)`);
      if (k % 2 === 0) terms.push(product(k / 2, k / 2));
    } else {
      for (let i = low; i <= high; i++) terms.push(product(i, k - i));
    }
    // m[i] * p[k - i] for the quotient digits known so far (m[k] is added below, through p[0]).
    for (let i = low; i <= Math.min(high, k - 1); i++) {
      const limb = p[k - i];
      if (limb !== 0n) terms.push(`m${i} * ${hex(limb)}`);
    }
    return terms;
  };
  for (let k = 0; k < 2 * n - 1; k++) {
    const terms = columnTerms(k);
    if (k === 0) lines.push(`let acc: u64 = ${terms.join(" + ")};`);
    else lines.push(`acc += ${terms.join(" + ")};`);
    if (k < n) {
      // m[k] = acc mod 2^w (-1/p mod 2^w is 1); acc + m[k] p[0] with
      // p[0] = 2^w - 1 clears the low w bits, and shifted it is (acc >> w) + m[k].
      lines.push(`const m${k} = acc & MASK;`);
      lines.push(`acc = (acc >> ${w}) + m${k};`);
    } else {
      lines.push(`store<u32>(out, <u32>(acc & MASK), ${4 * (k - n)});`);
      lines.push(`acc >>= ${w};`);
    }
  }
  lines.push(`store<u32>(out, <u32>acc, ${4 * (n - 1)});`);
  return lines;
}

/**
 * The fold and carry that end an addition or subtraction: the limb sums
 * s0..s(n-1) (non-negative) hold a value below 2^(bits+4); what lies at or
 * above 2^bits, t 2^bits, is replaced by t (2^bits - p), which is the same
 * modulo p, then carries are propagated.
 */
function foldBody(spec: FieldSpec): string[] {
  const n = spec.limbs;
  const w = spec.radixBits;
  const topBits = spec.bits - w * (n - 1);
  const c = toLimbs((1n << BigInt(spec.bits)) - spec.prime, w, n);
  if (c[n - 1] !== 0n) throw new Error(`${spec.curve}: 2^bits - p must stay below the top limb`);
  const lines: string[] = [];
  lines.push(`const t = s${n - 1} >> ${topBits};`);
  lines.push(`s${n - 1} &= ${hex((1n << BigInt(topBits)) - 1n)};`);
  for (let i = 0; i < n; i++) if (c[i] !== 0n) lines.push(`s${i} += t * ${hex(c[i])};`);
  for (let i = 0; i < n - 1; i++) {
    lines.push(`s${i + 1} += s${i} >> ${w};`);
    lines.push(`store<u32>(out, <u32>(s${i} & MASK), ${4 * i});`);
  }
  lines.push(`store<u32>(out, <u32>s${n - 1}, ${4 * (n - 1)});`);
  return lines;
}

/**
 * 4p as limbs that are each at least 2^w - 1 below the top, so that
 * a + 4p - b is non-negative limb by limb for any normalised b.
 */
export function borrowedFourP(spec: FieldSpec): bigint[] {
  const n = spec.limbs;
  const w = BigInt(spec.radixBits);
  const q = toLimbs(4n * spec.prime, spec.radixBits, n);
  const limbs = q.map((limb, i) => (i === 0 ? limb + (1n << w) : i < n - 1 ? limb + (1n << w) - 1n : limb - 1n));
  const total = limbs.reduce((sum, limb, i) => sum + (limb << (w * BigInt(i))), 0n);
  if (total !== 4n * spec.prime) throw new Error("borrowed 4p does not add up");
  return limbs;
}

function staticArray(name: string, limbs: bigint[]): string {
  return `const ${name}: StaticArray<u32> = [${limbs.map(hex).join(", ")}];`;
}

export function generateField(spec: FieldSpec): string {
  checkSpec(spec);
  const n = spec.limbs;
  const w = spec.radixBits;
  const r = 1n << BigInt(w * n);
  const p = spec.prime;
  const prefix = spec.className.replace(/Field$/, "").toUpperCase();
  const fourP = borrowedFourP(spec);
  const indent = (lines: string[]) => lines.map((line) => `    ${line}`).join("\n");
  const sums = (expression: (i: number) => string) =>
    Array.from({ length: n }, (_, i) => `let s${i}: u64 = ${expression(i)};`);
  return `// The field of ${spec.curve}, p = ${spec.formula}, for its curve
// arithmetic: a value is ${n} limbs of ${w} bits (u32 each, least significant
// first) in Montgomery form, x R mod p with R = 2^${w * n}, kept normalised
// (every limb below 2^${w}) and below 2^${spec.bits + 1}, not always below p:
// \`canonical\` in ec-field.ts finishes the reduction where it matters.
// Products are Montgomery products by product scanning, every limb in a
// local; p = -1 mod 2^${w}, so each quotient digit is the column's low limb.
// Sums and differences fold what reaches 2^${spec.bits} back in as
// 2^${spec.bits} - p.
//
// GENERATED by test/support/field-codegen.ts: do not edit by hand; run
// \`npx tsx test/support/field-codegen.ts --write\` in packages/sdk.
// test/crypto-field.test.ts checks this file is current.

// @ts-ignore: decorator
@inline const MASK: u64 = ${hex((1n << BigInt(w)) - 1n)};

${staticArray(`${prefix}_PRIME`, toLimbs(p, w, n))}
${staticArray(`${prefix}_R_SQUARED`, toLimbs((r * r) % p, w, n))}
${staticArray(`${prefix}_ONE`, toLimbs(r % p, w, n))}
${staticArray(`${prefix}_TWICE_PRIME`, toLimbs(2n * p, w, n))}

/** Arithmetic modulo the ${spec.curve} prime; addresses point at ${n} u32 limbs. */
@unmanaged export class ${spec.className} {
  /** Limbs per value. */
  get limbs(): i32 {
    return ${n};
  }

  /** Bits per limb. */
  get radixBits(): i32 {
    return ${w};
  }

  /** Bits of p. */
  get bits(): i32 {
    return ${spec.bits};
  }

  /** p, as plain limbs. */
  get prime(): usize {
    return changetype<usize>(${prefix}_PRIME);
  }

  /** R^2 mod p: a Montgomery product with it takes a plain value into Montgomery form. */
  get rSquared(): usize {
    return changetype<usize>(${prefix}_R_SQUARED);
  }

  /** 1 in Montgomery form (R mod p). */
  get one(): usize {
    return changetype<usize>(${prefix}_ONE);
  }

  /** 2p, as plain limbs (a value 0 mod p is 0, p or 2p). */
  get twicePrime(): usize {
    return changetype<usize>(${prefix}_TWICE_PRIME);
  }

  /** out = a b / R mod p. \`out\` may be \`a\` or \`b\`. */
  multiply(out: usize, a: usize, b: usize): void {
${indent(productBody(spec, false))}
  }

  /** out = a^2 / R mod p. \`out\` may be \`a\`. */
  square(out: usize, a: usize): void {
${spec.unrolledSquare ? indent(productBody(spec, true)) : "    this.multiply(out, a, a);"}
  }

  /** out = a + b mod p. \`out\` may be \`a\` or \`b\`. */
  add(out: usize, a: usize, b: usize): void {
${indent(sums((i) => `<u64>load<u32>(a, ${4 * i}) + <u64>load<u32>(b, ${4 * i})`))}
${indent(foldBody(spec))}
  }

  /** out = k a mod p for a small k (2 to 8). \`out\` may be \`a\`. */
  multiplySmall(out: usize, a: usize, k: u32): void {
${indent([`const factor = <u64>k;`, ...Array.from({ length: n }, (_, i) => `let s${i}: u64 = <u64>load<u32>(a, ${4 * i}) * factor;`)])}
${indent(foldBody(spec))}
  }

  /** out = a - b mod p, as a + 4p - b. \`out\` may be \`a\` or \`b\`. */
  subtract(out: usize, a: usize, b: usize): void {
${indent(sums((i) => `<u64>load<u32>(a, ${4 * i}) + ${hex(fourP[i])} - <u64>load<u32>(b, ${4 * i})`))}
${indent(foldBody(spec))}
  }
}
`;
}

const SDK_DIR = fileURLToPath(new URL("../../", import.meta.url));

/** Each generated file's path (absolute) and the text it should hold. */
export function generatedFiles(): { path: string; text: string }[] {
  return FIELDS.map((spec) => ({ path: `${SDK_DIR}${spec.file}`, text: generateField(spec) }));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const write = process.argv.includes("--write");
  for (const { path, text } of generatedFiles()) {
    const current = await readFile(path, "utf8").catch(() => "");
    if (current === text) continue;
    if (!write) {
      console.error(`${path} is out of date: run with --write`);
      process.exitCode = 1;
    } else {
      await writeFile(path, text);
      console.log(`wrote ${path}`);
    }
  }
}
