// The VM's environment variables (WASI `environ_sizes_get` / `environ_get`),
// which Envoy fills from `vm_config.environment_variables`: `key_values`
// (Istio's INLINE vmConfig.env) and `host_env_keys` (HOST, read from
// Envoy's own environment). Read once per VM.

@external("wasi_snapshot_preview1", "environ_sizes_get")
declare function environ_sizes_get(count: usize, bufferSize: usize): u16;

@external("wasi_snapshot_preview1", "environ_get")
declare function environ_get(pointers: usize, buffer: usize): u16;

/** The value of `name` in the VM's environment, or null when it is not set. */
export function environmentVariable(name: string): string | null {
  const sizes = new StaticArray<u32>(2);
  if (environ_sizes_get(changetype<usize>(sizes), changetype<usize>(sizes) + 4) != 0) return null;
  const count = sizes[0];
  const buffer = new Uint8Array(<i32>sizes[1]);
  const pointers = new StaticArray<u32>(<i32>count);
  if (environ_get(changetype<usize>(pointers), buffer.dataStart) != 0) return null;
  const prefix = name + "=";
  for (let i: u32 = 0; i < count; i++) {
    const start = <i32>(pointers[i] - <u32>buffer.dataStart);
    let end = start;
    while (end < buffer.length && buffer[end] != 0) end++;
    const entry = String.UTF8.decodeUnsafe(buffer.dataStart + <usize>start, <usize>(end - start));
    if (entry.startsWith(prefix)) return entry.substring(prefix.length);
  }
  return null;
}
