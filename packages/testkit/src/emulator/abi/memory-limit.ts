/**
 * Envoy's V8 lets a module's memory grow to 1 GiB and no further
 * (proxy-wasm-cpp-host: `wasm_max_mem_pages` from
 * PROXY_WASM_HOST_MAX_WASM_MEMORY_SIZE_BYTES); past it `memory.grow` fails
 * and AssemblyScript's allocator traps. Node allows 4 GiB, so a filter that
 * hoards memory would pass here and trap in Envoy. The emulator gives the
 * module's own memory the same maximum by rewriting its memory section's
 * limits before compiling; a smaller declared maximum is kept.
 */
import { readU32, u32 } from "./leb128.ts";

/** 1 GiB in 64 KiB pages: Envoy's limit. */
export const ENVOY_MAX_MEMORY_PAGES = 16_384;

const MEMORY_SECTION = 5;
const HAS_MAXIMUM = 0x01;
const MEMORY64 = 0x04;

/** `bytes` with every 32-bit memory it defines capped at `maxPages`; `bytes` itself when nothing changes. */
export function withMemoryCap(bytes: Uint8Array, maxPages = ENVOY_MAX_MEMORY_PAGES): Uint8Array {
  let at = 8;
  while (at < bytes.length) {
    const start = at;
    const id = bytes[at++]!;
    const size = readU32(bytes, at);
    const end = size.next + size.value;
    if (id === MEMORY_SECTION) {
      const payload = cappedMemories(bytes.subarray(size.next, end), maxPages);
      if (!payload) return bytes;
      return Buffer.concat([bytes.subarray(0, start), Uint8Array.of(MEMORY_SECTION), u32(payload.length), payload, bytes.subarray(end)]);
    }
    at = end;
  }
  return bytes;
}

/** The memory section's payload with each memory's maximum capped; null when none needed it. */
function cappedMemories(payload: Uint8Array, maxPages: number): Uint8Array | null {
  const count = readU32(payload, 0);
  const parts: Uint8Array[] = [u32(count.value)];
  let at = count.next;
  let changed = false;
  for (let i = 0; i < count.value; i++) {
    const flags = payload[at++]!;
    const minimum = readU32(payload, at);
    const maximum = flags & HAS_MAXIMUM ? readU32(payload, minimum.next) : null;
    const next = maximum ? maximum.next : minimum.next;
    const capped = (flags & MEMORY64) === 0 && minimum.value <= maxPages && (maximum === null || maximum.value > maxPages);
    if (capped) {
      parts.push(Uint8Array.of(flags | HAS_MAXIMUM), u32(minimum.value), u32(maxPages));
      changed = true;
    } else parts.push(payload.subarray(at - 1, next));
    at = next;
  }
  return changed ? Buffer.concat(parts) : null;
}
