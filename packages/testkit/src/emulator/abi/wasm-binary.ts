/**
 * Reads a module's import section with the function signatures, which the
 * JS API does not expose: the host checks each import against what it
 * provides, as Envoy's runtime does at link time ("missing import",
 * "import type mismatch").
 *
 * Why not a wasm parser library: this runs on every VM load (thousands per
 * test run), and reads one section. @webassemblyjs/wasm-parser 1.14.1,
 * told to skip code and data, takes 15.3 ms to decode the jwt-authz module
 * (162 KB) against 0.8 ms here (same run, warmed, 20 and 200 iterations).
 */

export type ImportKind = "function" | "table" | "memory" | "global" | "tag";

export interface ImportEntry {
  module: string;
  name: string;
  kind: ImportKind;
  /** For functions: params and results as letters (i=i32, l=i64, f=f32, d=f64), e.g. "iil:i"; null when unreadable. */
  signature: string | null;
}

const KINDS: ImportKind[] = ["function", "table", "memory", "global", "tag"];
const VALUE_TYPES: Record<number, string> = { 0x7f: "i", 0x7e: "l", 0x7d: "f", 0x7c: "d", 0x7b: "v", 0x70: "r", 0x6f: "x" };

class Reader {
  at = 0;
  constructor(readonly bytes: Uint8Array) {}

  byte(): number {
    if (this.at >= this.bytes.length) throw new RangeError("unexpected end of module");
    return this.bytes[this.at++]!;
  }

  u32(): number {
    let result = 0;
    let shift = 0;
    while (true) {
      const byte = this.byte();
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
    }
  }

  name(): string {
    const length = this.u32();
    const text = Buffer.from(this.bytes.subarray(this.at, this.at + length)).toString("utf8");
    this.at += length;
    return text;
  }

  skipLimits(): void {
    const flags = this.byte();
    this.u32();
    if (flags & 1) this.u32();
  }
}

function readTypes(reader: Reader, end: number): Array<string | null> {
  const count = reader.u32();
  const types: Array<string | null> = [];
  for (let i = 0; i < count && reader.at < end; i++) {
    const form = reader.byte();
    if (form !== 0x60) {
      // GC proposal forms (rec groups, subtypes): not needed for proxy-wasm modules.
      reader.at = end;
      types.push(null);
      return types;
    }
    const params = Array.from({ length: reader.u32() }, () => VALUE_TYPES[reader.byte()] ?? "?").join("");
    const results = Array.from({ length: reader.u32() }, () => VALUE_TYPES[reader.byte()] ?? "?").join("");
    types.push(`${params}:${results}`);
  }
  return types;
}

function readImports(reader: Reader, types: Array<string | null>): ImportEntry[] {
  const count = reader.u32();
  const imports: ImportEntry[] = [];
  for (let i = 0; i < count; i++) {
    const module = reader.name();
    const name = reader.name();
    const kindByte = reader.byte();
    const kind = KINDS[kindByte] ?? "tag";
    let signature: string | null = null;
    if (kindByte === 0) signature = types[reader.u32()] ?? null;
    else if (kindByte === 1) {
      reader.byte();
      reader.skipLimits();
    } else if (kindByte === 2) reader.skipLimits();
    else if (kindByte === 3) {
      reader.byte();
      reader.byte();
    } else {
      reader.byte();
      reader.u32();
    }
    imports.push({ module, name, kind, signature });
  }
  return imports;
}

/** Lists a module's imports with function signatures. Throws RangeError on a malformed module. */
export function listImports(bytes: Uint8Array): ImportEntry[] {
  const reader = new Reader(bytes);
  reader.at = 8;
  let types: Array<string | null> = [];
  while (reader.at < bytes.length) {
    const id = reader.byte();
    const size = reader.u32();
    const end = reader.at + size;
    if (id === 1) types = readTypes(reader, end);
    else if (id === 2) return readImports(reader, types);
    else if (id > 2 && id !== 0) return [];
    reader.at = end;
  }
  return [];
}
