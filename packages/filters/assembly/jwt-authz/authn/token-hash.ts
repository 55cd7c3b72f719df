// The cheap, non-cryptographic hash that picks a token's slot in the token
// cache: 64-bit FNV-1a over the token's UTF-16 code units. The cache never
// trusts it alone (it compares the stored token exactly), so it only has to
// spread tokens well and be fast: a cache hit costs one pass over the token
// instead of a SHA-256, a UTF-8 copy and a base64 encoding.

/** How the cache hashes a token; a plain function (AssemblyScript has no closures), replaceable in tests. */
export type TokenHash = (token: string) => u64;

const FNV_OFFSET_BASIS: u64 = 0xcbf29ce484222325;
const FNV_PRIME: u64 = 0x100000001b3;

/** 64-bit FNV-1a of `token`, one UTF-16 code unit at a time (tokens are ASCII: one unit per byte). */
export function fnv1aTokenHash(token: string): u64 {
  let hash = FNV_OFFSET_BASIS;
  const start = changetype<usize>(token);
  const end = start + <usize>token.length * 2;
  for (let p = start; p < end; p += 2) {
    hash ^= <u64>load<u16>(p);
    hash *= FNV_PRIME;
  }
  return hash;
}
