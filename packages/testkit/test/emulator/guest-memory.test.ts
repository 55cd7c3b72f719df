// Guest memory's short-text paths (strings found again by a hash of their
// bytes, ASCII written without an encoder) must read and write exactly what
// the plain UTF-8 paths do.
import { describe, expect, it } from "vitest";
import { Status } from "../../src/emulator/abi/enums.ts";
import { GuestMemory } from "../../src/emulator/vm/memory.ts";

function memoryWithBumpAllocator(): { memory: GuestMemory; raw: WebAssembly.Memory } {
  const raw = new WebAssembly.Memory({ initial: 1 });
  let next = 4096;
  const memory = new GuestMemory();
  memory.attach(raw, (size) => {
    const ptr = next;
    next += size;
    return ptr;
  });
  return { memory, raw };
}

describe("guest memory's text", () => {
  it("reads back every short and long, ASCII and non-ASCII string as written", () => {
    const { memory, raw } = memoryWithBumpAllocator();
    const bytes = new Uint8Array(raw.buffer);
    const samples = [":method", ":path", "x-hello", "GET", "", "Zoë", "日本", "a".repeat(32), "b".repeat(33), "x-request-id"];
    for (let i = 0; i < 300; i++) samples.push(`k${i}-${(i * 7919).toString(36)}`);
    for (const round of [1, 2]) {
      for (const text of samples) {
        const encoded = Buffer.from(text, "utf8");
        bytes.set(encoded, 100);
        expect(memory.readString(100, encoded.length), `${text} (round ${round})`).toBe(text);
      }
    }
  });

  it("writes short ASCII and other text with the same bytes and sizes", () => {
    const { memory, raw } = memoryWithBumpAllocator();
    for (const text of ["GET", "/items?id=7", "Zoë", "x".repeat(40), ""]) {
      expect(memory.copyOut(text, 0, 4)).toBe(Status.OK);
      const view = new DataView(raw.buffer);
      const [ptr, size] = [view.getUint32(0, true), view.getUint32(4, true)];
      expect(size).toBe(Buffer.byteLength(text));
      expect(Buffer.from(raw.buffer, ptr, size).toString("utf8")).toBe(text);
    }
  });
});
