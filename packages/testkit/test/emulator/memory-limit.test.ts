import { describe, expect, it } from "vitest";
import { ENVOY_MAX_MEMORY_PAGES, withMemoryCap } from "../../src/emulator/abi/memory-limit.ts";
import { minimalProxyModule } from "../fixtures/wasm-builder.ts";

async function exportedMemory(bytes: Uint8Array): Promise<WebAssembly.Memory> {
  const { instance } = await WebAssembly.instantiate(bytes);
  return instance.exports.memory as WebAssembly.Memory;
}

describe("the VM memory limit (Envoy's 1 GiB)", () => {
  it("lets a module's memory grow to 1 GiB and no further", async () => {
    const memory = await exportedMemory(withMemoryCap(minimalProxyModule()));
    const pages = memory.buffer.byteLength / 65_536;
    expect(memory.grow(ENVOY_MAX_MEMORY_PAGES - pages)).toBe(pages);
    expect(() => memory.grow(1)).toThrow(RangeError);
  });

  it("leaves the module untouched when its own maximum is within the limit", () => {
    const capped = withMemoryCap(minimalProxyModule());
    expect(withMemoryCap(capped)).toBe(capped);
    expect(withMemoryCap(capped, ENVOY_MAX_MEMORY_PAGES * 2)).toBe(capped);
  });

  it("the uncapped module could grow past it (what the cap changes)", async () => {
    const memory = await exportedMemory(minimalProxyModule());
    const pages = memory.buffer.byteLength / 65_536;
    expect(memory.grow(ENVOY_MAX_MEMORY_PAGES - pages)).toBe(pages);
    expect(memory.grow(1)).toBe(ENVOY_MAX_MEMORY_PAGES);
  });
});
