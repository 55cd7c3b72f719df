// SHA-512 and SHA-384 (FIPS 180-4 sections 4.1.3, 4.2.3, 5.1.2, 5.3.4,
// 5.3.5, 6.4 and 6.5), streaming. SHA-384 is SHA-512 with other initial
// values and a digest cut to 48 bytes.

import { HashFunction } from "./hash-function";

const BLOCK_BYTES: i32 = 128;
// The last 16 bytes of the final block hold the message length in bits.
const LENGTH_FIELD_OFFSET: i32 = BLOCK_BYTES - 16;

// FIPS 180-4 section 4.2.3: the first 64 bits of the fractional parts of the
// cube roots of the first 80 primes.
const ROUND_CONSTANTS: StaticArray<u64> = [
  0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc,
  0x3956c25bf348b538, 0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118,
  0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
  0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694,
  0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
  0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
  0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4,
  0xc6e00bf33da88fc2, 0xd5a79147930aa725, 0x06ca6351e003826f, 0x142929670a0e6e70,
  0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
  0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
  0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30,
  0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
  0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8,
  0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3,
  0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
  0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b,
  0xca273eceea26619c, 0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178,
  0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
  0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c,
  0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
];

// FIPS 180-4 section 5.3.5: the first 64 bits of the fractional parts of the
// square roots of the first 8 primes.
const SHA512_INITIAL_STATE: StaticArray<u64> = [
  0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
  0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
];

// FIPS 180-4 section 5.3.4: the same for the 9th through 16th primes.
const SHA384_INITIAL_STATE: StaticArray<u64> = [
  0xcbbb9d5dc1059ed8, 0x629a292a367cd507, 0x9159015a3070dd17, 0x152fecd8f70e5939,
  0x67332667ffc00b31, 0x8eb44a8768581511, 0xdb0c2e0d64f98fa7, 0x47b5481dbefa4fa4,
];

/** The SHA-512 machinery; `Sha512` and `Sha384` choose initial values and digest size. */
export abstract class Sha512Family extends HashFunction {
  private readonly state: StaticArray<u64> = new StaticArray<u64>(8);
  private readonly schedule: StaticArray<u64> = new StaticArray<u64>(80);
  private readonly pending: Uint8Array = new Uint8Array(BLOCK_BYTES);
  private pendingLength: i32 = 0;
  private totalBytes: u64 = 0;

  constructor(
    private readonly initialState: StaticArray<u64>,
    digestBytes: i32,
  ) {
    super(BLOCK_BYTES, digestBytes);
    this.reset();
  }

  reset(): void {
    for (let i = 0; i < 8; i++) unchecked((this.state[i] = this.initialState[i]));
    this.pendingLength = 0;
    this.totalBytes = 0;
  }

  update(data: Uint8Array): void {
    const source = data.dataStart;
    const length = data.length;
    let offset = 0;
    this.totalBytes += <u64>length;
    if (this.pendingLength > 0) {
      offset = min(BLOCK_BYTES - this.pendingLength, length);
      memory.copy(this.pending.dataStart + <usize>this.pendingLength, source, <usize>offset);
      this.pendingLength += offset;
      if (this.pendingLength < BLOCK_BYTES) return;
      this.compress(this.pending.dataStart);
      this.pendingLength = 0;
    }
    // Whole blocks are hashed straight from the caller's bytes, without a copy.
    while (length - offset >= BLOCK_BYTES) {
      this.compress(source + <usize>offset);
      offset += BLOCK_BYTES;
    }
    if (offset < length) {
      memory.copy(this.pending.dataStart, source + <usize>offset, <usize>(length - offset));
      this.pendingLength = length - offset;
    }
  }

  digest(): Uint8Array {
    const block = this.pending.dataStart;
    // Padding (section 5.1.2): a single 1 bit, zeros, then the 128-bit length.
    store<u8>(block + <usize>this.pendingLength, 0x80);
    let used = this.pendingLength + 1;
    if (used > LENGTH_FIELD_OFFSET) {
      memory.fill(block + <usize>used, 0, <usize>(BLOCK_BYTES - used));
      this.compress(block);
      used = 0;
    }
    memory.fill(block + <usize>used, 0, <usize>(LENGTH_FIELD_OFFSET - used));
    store<u64>(block + <usize>LENGTH_FIELD_OFFSET, bswap<u64>(this.totalBytes >> 61));
    store<u64>(block + <usize>(LENGTH_FIELD_OFFSET + 8), bswap<u64>(this.totalBytes << 3));
    this.compress(block);

    const whole = new Uint8Array(64);
    for (let i = 0; i < 8; i++) {
      store<u64>(whole.dataStart + (<usize>i << 3), bswap<u64>(unchecked(this.state[i])));
    }
    this.reset();
    return this.outputSize == 64 ? whole : whole.slice(0, this.outputSize);
  }

  /** The compression function (section 6.4.2) over the 128 bytes at `block`. */
  private compress(block: usize): void {
    const w = this.schedule;
    for (let t = 0; t < 16; t++) {
      unchecked((w[t] = bswap<u64>(load<u64>(block + (<usize>t << 3)))));
    }
    for (let t = 16; t < 80; t++) {
      const w15 = unchecked(w[t - 15]);
      const w2 = unchecked(w[t - 2]);
      const sigma0 = rotr<u64>(w15, 1) ^ rotr<u64>(w15, 8) ^ (w15 >> 7);
      const sigma1 = rotr<u64>(w2, 19) ^ rotr<u64>(w2, 61) ^ (w2 >> 6);
      unchecked((w[t] = unchecked(w[t - 16]) + sigma0 + unchecked(w[t - 7]) + sigma1));
    }

    const state = this.state;
    let a = unchecked(state[0]), b = unchecked(state[1]), c = unchecked(state[2]), d = unchecked(state[3]);
    let e = unchecked(state[4]), f = unchecked(state[5]), g = unchecked(state[6]), h = unchecked(state[7]);
    for (let t = 0; t < 80; t++) {
      const bigSigma1 = rotr<u64>(e, 14) ^ rotr<u64>(e, 18) ^ rotr<u64>(e, 41);
      const choose = (e & f) ^ (~e & g);
      const t1 = h + bigSigma1 + choose + unchecked(ROUND_CONSTANTS[t]) + unchecked(w[t]);
      const bigSigma0 = rotr<u64>(a, 28) ^ rotr<u64>(a, 34) ^ rotr<u64>(a, 39);
      const majority = (a & b) ^ (a & c) ^ (b & c);
      const t2 = bigSigma0 + majority;
      h = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    unchecked((state[0] += a));
    unchecked((state[1] += b));
    unchecked((state[2] += c));
    unchecked((state[3] += d));
    unchecked((state[4] += e));
    unchecked((state[5] += f));
    unchecked((state[6] += g));
    unchecked((state[7] += h));
  }
}

/** SHA-512 as a streaming hash. */
export class Sha512 extends Sha512Family {
  constructor() {
    super(SHA512_INITIAL_STATE, 64);
  }
}

/** SHA-384 as a streaming hash. */
export class Sha384 extends Sha512Family {
  constructor() {
    super(SHA384_INITIAL_STATE, 48);
  }
}

/** SHA-512 of `data` in one call. */
export function sha512(data: Uint8Array): Uint8Array {
  const hash = new Sha512();
  hash.update(data);
  return hash.digest();
}

/** SHA-384 of `data` in one call. */
export function sha384(data: Uint8Array): Uint8Array {
  const hash = new Sha384();
  hash.update(data);
  return hash.digest();
}
