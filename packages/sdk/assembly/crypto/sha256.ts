// SHA-256 (FIPS 180-4 sections 4.1.2, 4.2.2, 5.1.1, 5.3.3 and 6.2), streaming.

import { HashFunction } from "./hash-function";

const BLOCK_BYTES: i32 = 64;
const DIGEST_BYTES: i32 = 32;
// The last 8 bytes of the final block hold the message length in bits.
const LENGTH_FIELD_OFFSET: i32 = BLOCK_BYTES - 8;

// FIPS 180-4 section 4.2.2: the first 32 bits of the fractional parts of the
// cube roots of the first 64 primes.
const ROUND_CONSTANTS: StaticArray<u32> = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

// FIPS 180-4 section 5.3.3: the first 32 bits of the fractional parts of the
// square roots of the first 8 primes.
const INITIAL_STATE: StaticArray<u32> = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/** SHA-256 as a streaming hash: `update` as often as needed, then `digest`. */
export class Sha256 extends HashFunction {
  private readonly state: StaticArray<u32> = new StaticArray<u32>(8);
  private readonly schedule: StaticArray<u32> = new StaticArray<u32>(64);
  private readonly pending: Uint8Array = new Uint8Array(BLOCK_BYTES);
  private pendingLength: i32 = 0;
  private totalBytes: u64 = 0;

  constructor() {
    super(BLOCK_BYTES, DIGEST_BYTES);
    this.reset();
  }

  reset(): void {
    for (let i = 0; i < 8; i++) unchecked((this.state[i] = INITIAL_STATE[i]));
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
    const bitLength = this.totalBytes << 3;
    // Padding (section 5.1.1): a single 1 bit, zeros, then the 64-bit length.
    store<u8>(block + <usize>this.pendingLength, 0x80);
    let used = this.pendingLength + 1;
    if (used > LENGTH_FIELD_OFFSET) {
      memory.fill(block + <usize>used, 0, <usize>(BLOCK_BYTES - used));
      this.compress(block);
      used = 0;
    }
    memory.fill(block + <usize>used, 0, <usize>(LENGTH_FIELD_OFFSET - used));
    store<u64>(block + <usize>LENGTH_FIELD_OFFSET, bswap<u64>(bitLength));
    this.compress(block);

    const out = new Uint8Array(DIGEST_BYTES);
    for (let i = 0; i < 8; i++) {
      store<u32>(out.dataStart + (<usize>i << 2), bswap<u32>(unchecked(this.state[i])));
    }
    this.reset();
    return out;
  }

  /** The compression function (section 6.2.2) over the 64 bytes at `block`. */
  private compress(block: usize): void {
    const w = this.schedule;
    for (let t = 0; t < 16; t++) {
      unchecked((w[t] = bswap<u32>(load<u32>(block + (<usize>t << 2)))));
    }
    for (let t = 16; t < 64; t++) {
      const w15 = unchecked(w[t - 15]);
      const w2 = unchecked(w[t - 2]);
      const sigma0 = rotr<u32>(w15, 7) ^ rotr<u32>(w15, 18) ^ (w15 >> 3);
      const sigma1 = rotr<u32>(w2, 17) ^ rotr<u32>(w2, 19) ^ (w2 >> 10);
      unchecked((w[t] = unchecked(w[t - 16]) + sigma0 + unchecked(w[t - 7]) + sigma1));
    }

    const state = this.state;
    let a = unchecked(state[0]), b = unchecked(state[1]), c = unchecked(state[2]), d = unchecked(state[3]);
    let e = unchecked(state[4]), f = unchecked(state[5]), g = unchecked(state[6]), h = unchecked(state[7]);
    for (let t = 0; t < 64; t++) {
      const bigSigma1 = rotr<u32>(e, 6) ^ rotr<u32>(e, 11) ^ rotr<u32>(e, 25);
      const choose = (e & f) ^ (~e & g);
      const t1 = h + bigSigma1 + choose + unchecked(ROUND_CONSTANTS[t]) + unchecked(w[t]);
      const bigSigma0 = rotr<u32>(a, 2) ^ rotr<u32>(a, 13) ^ rotr<u32>(a, 22);
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

/** SHA-256 of `data` in one call. */
export function sha256(data: Uint8Array): Uint8Array {
  const hash = new Sha256();
  hash.update(data);
  return hash.digest();
}
