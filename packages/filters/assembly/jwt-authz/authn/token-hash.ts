// The cheap, non-cryptographic hash that picks a token's slot in the token
// cache. The cache never trusts it alone (it compares the stored token
// exactly), and only verified tokens enter it, so a client cannot flood it
// with collisions: the hash only has to spread tokens well and be fast. It
// reads the token's UTF-16 code units four at a time (a multiply and a
// shift per 8 bytes): a cache hit on a 600-character token costs about 150
// steps, where FNV-1a took one per unit.

/** How the cache hashes a token; a plain function (AssemblyScript has no closures), replaceable in tests. */
export type TokenHash = (token: string) => u64;

const SEED: u64 = 0x9e3779b97f4a7c15;
/** MurmurHash3's 64-bit finalizer constant: a multiply by it spreads every input bit upward. */
const MULTIPLIER: u64 = 0xff51afd7ed558ccd;

/** One step: the high bits the multiply filled are folded back down. */
// @ts-ignore: decorator
@inline function mix(hash: u64): u64 {
  hash *= MULTIPLIER;
  return hash ^ (hash >> 32);
}

/** The token's hash: its UTF-16 code units (little-endian) 8 bytes at a time, then the last units one by one. */
export function tokenHash(token: string): u64 {
  const start = changetype<usize>(token);
  const size = <usize>token.length << 1;
  const wordsEnd = start + (size & ~(<usize>7));
  let hash = SEED ^ <u64>size;
  let p = start;
  for (; p < wordsEnd; p += 8) hash = mix(hash ^ load<u64>(p));
  for (; p < start + size; p += 2) hash = mix(hash ^ <u64>load<u16>(p));
  return hash;
}
