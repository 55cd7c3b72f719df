/**
 * A debug build names its source map relatively (`sourceMappingURL` custom
 * section: `./filter.debug.wasm.map`). Compiled from bytes, the module's
 * script URL in Node's inspector is `wasm://wasm/<hash>`, against which no
 * relative URL resolves: loaded from a file, the section is rewritten to
 * the map's absolute `file:` URL, so the inspector (and VS Code) find the
 * map and, through it, the AssemblyScript sources. Nothing else changes.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { readU32, u32 } from "./leb128.ts";

const SECTION_NAME = "sourceMappingURL";

/** `bytes` with its source map URL made absolute against `modulePath`'s folder; `bytes` itself when there is nothing to do. */
export function withAbsoluteSourceMapUrl(bytes: Uint8Array, modulePath: string): Uint8Array {
  const found = findCustomSection(bytes, SECTION_NAME);
  if (!found) return bytes;
  const url = Buffer.from(bytes.subarray(found.payloadStart, found.end)).toString("utf8");
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return bytes;
  const absolute = pathToFileURL(path.resolve(path.dirname(modulePath), url)).href;
  const section = customSection(SECTION_NAME, Buffer.from(absolute, "utf8"));
  return Buffer.concat([bytes.subarray(0, found.start), bytes.subarray(found.end), section]);
}

/** The section's bounds (from its id byte to its end) and where its payload (after the name) starts. */
function findCustomSection(bytes: Uint8Array, name: string): { start: number; payloadStart: number; end: number } | null {
  let at = 8;
  while (at < bytes.length) {
    const start = at;
    const id = bytes[at++]!;
    const size = readU32(bytes, at);
    at = size.next;
    const end = at + size.value;
    if (id === 0) {
      const nameLength = readU32(bytes, at);
      const nameEnd = nameLength.next + nameLength.value;
      if (Buffer.from(bytes.subarray(nameLength.next, nameEnd)).toString("utf8") === name) {
        const payload = readU32(bytes, nameEnd);
        return { start, payloadStart: payload.next, end };
      }
    }
    at = end;
  }
  return null;
}

/** A custom section whose payload is one length-prefixed string, as asc writes `sourceMappingURL`. */
function customSection(name: string, payload: Uint8Array): Uint8Array {
  const nameBytes = Buffer.from(name, "utf8");
  const body = Buffer.concat([u32(nameBytes.length), nameBytes, u32(payload.length), payload]);
  return Buffer.concat([Uint8Array.of(0), u32(body.length), body]);
}
