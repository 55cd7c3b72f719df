// `Math.random` asks `env.seed` for its seed by default, which Envoy does not
// provide. The build preset routes the seed here: eight bytes from WASI
// `random_get`, which Envoy answers from its own random source.

// @ts-ignore: decorator
@external("wasi_snapshot_preview1", "random_get")
declare function random_get(buffer: usize, length: usize): u16;

const seedBytes = new ArrayBuffer(8);

/** Replaces `env.seed`: a seed for `Math.random` from the host's random source. */
export function seedFromHost(): f64 {
  const pointer = changetype<usize>(seedBytes);
  if (random_get(pointer, 8) != 0) {
    // The host always answers; this is a safety net, not an expected path.
    return <f64>load<u64>(pointer) + 1;
  }
  return reinterpret<f64>((load<u64>(pointer) & 0x000fffffffffffff) | 0x3ff0000000000000);
}
