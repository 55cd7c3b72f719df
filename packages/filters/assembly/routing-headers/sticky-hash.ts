// The stable hash behind sticky splits: 32-bit FNV-1a over the key's UTF-8
// bytes, then murmur3's finalizer (fmix32) so that keys differing only in
// their last characters ("user-1", "user-2") still land on spread-out
// buckets. Stable across VMs, restarts and versions: a user keeps its side.

const FNV_OFFSET_BASIS: u32 = 0x811c9dc5;
const FNV_PRIME: u32 = 0x01000193;

/** FNV-1a (32-bit) of `length` bytes at `pointer`. */
export function fnv1a32(pointer: usize, length: usize): u32 {
  let hash = FNV_OFFSET_BASIS;
  for (let i: usize = 0; i < length; i++) {
    hash ^= <u32>load<u8>(pointer + i);
    hash *= FNV_PRIME;
  }
  return hash;
}

/** murmur3's 32-bit finalizer: every input bit affects every output bit. */
export function fmix32(value: u32): u32 {
  let hash = value;
  hash ^= hash >>> 16;
  hash *= 0x85ebca6b;
  hash ^= hash >>> 13;
  hash *= 0xc2b2ae35;
  hash ^= hash >>> 16;
  return hash;
}

/** The sticky hash of `key`: fmix32(FNV-1a(UTF-8 of key)). */
export function stickyHash(key: string): u32 {
  const bytes = String.UTF8.encode(key);
  return fmix32(fnv1a32(changetype<usize>(bytes), <usize>bytes.byteLength));
}
