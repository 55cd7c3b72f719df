// The cheap, non-cryptographic hash that picks a token's slot in the token
// cache. The cache never trusts it alone (it compares the stored token
// exactly), and only verified tokens enter it, so a client cannot flood it
// with collisions: the hash only has to spread tokens well and be fast. It
// reads the token's UTF-8 bytes eight at a time (a multiply and a shift per
// step): a cache hit on a 600-byte token costs about 75 steps, where FNV-1a
// took one per character. Bytes, so that a token can be looked up where it
// lies in the host's header block, without decoding it.

/** How the cache hashes a token's bytes; a plain function (AssemblyScript has no closures), replaceable in tests. */
export type TokenHash = (pointer: usize, length: usize) => u64;

const SEED: u64 = 0x9e3779b97f4a7c15;
/** MurmurHash3's 64-bit finalizer constant: a multiply by it spreads every input bit upward. */
const MULTIPLIER: u64 = 0xff51afd7ed558ccd;

/** One step: the high bits the multiply filled are folded back down. */
// @ts-ignore: decorator
@inline function mix(hash: u64): u64 {
  hash *= MULTIPLIER;
  return hash ^ (hash >> 32);
}

/** The hash of the `length` bytes at `pointer`: 8 bytes at a time (little-endian), then the last ones one by one. */
export function tokenHash(pointer: usize, length: usize): u64 {
  const wordsEnd = pointer + (length & ~(<usize>7));
  const end = pointer + length;
  let hash = SEED ^ <u64>length;
  let p = pointer;
  for (; p < wordsEnd; p += 8) hash = mix(hash ^ load<u64>(p));
  for (; p < end; p++) hash = mix(hash ^ <u64>load<u8>(p));
  return hash;
}
