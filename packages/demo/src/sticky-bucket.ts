/**
 * The routing-headers filter's sticky bucket, computed on this side so the
 * demo can say in advance where a user lands: fmix32(FNV-1a-32(UTF-8 key))
 * mod 100 (packages/filters/docs/routing-headers.md, "Weighted and sticky
 * splits"). Buckets are handed out in route order: with 90/10, 0–89 is the
 * first destination.
 */
export function stickyBucket(key: string): number {
  return fmix32(fnv1a32(Buffer.from(key, "utf8"))) % 100;
}

function fnv1a32(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

/** murmur3's 32-bit finalizer. */
function fmix32(value: number): number {
  let hash = value >>> 0;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b) >>> 0;
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35) >>> 0;
  return (hash ^ (hash >>> 16)) >>> 0;
}

/** Which of `weighted` (name, weight in percent, in route order) a sticky `key` lands on. */
export function stickyDestination(key: string, weighted: readonly { readonly destination: string; readonly weight: number }[]): string {
  const bucket = stickyBucket(key);
  let upper = 0;
  for (const { destination, weight } of weighted) {
    upper += weight;
    if (bucket < upper) return destination;
  }
  throw new RangeError(`stickyDestination: weights sum to ${upper}, not 100`);
}
