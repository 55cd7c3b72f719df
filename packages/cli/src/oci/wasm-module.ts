import { CliError } from "../errors.ts";

/** `\0asm` followed by binary format version 1. */
const WASM_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const EXPORT_SECTION = 7;
const ABI_EXPORT_PREFIX = "proxy_abi_version_";

/** Whether `bytes` starts with the Wasm magic and version 1, the check Envoy makes before anything else. */
export function hasWasmHeader(bytes: Uint8Array): boolean {
  return bytes.length >= WASM_HEADER.length && WASM_HEADER.every((byte, index) => bytes[index] === byte);
}

/** Throws unless `bytes` is a Wasm binary; `what` names it in the message (a file, an image). */
export function assertWasmModule(bytes: Uint8Array, what: string): void {
  if (!hasWasmHeader(bytes)) {
    const head = Buffer.from(bytes.subarray(0, 8)).toString("hex") || "(empty)";
    throw new CliError("E_OCI_NOT_WASM", `${what} is not a WebAssembly module: it starts with ${head}, not 0061736d01000000 ("\\0asm" version 1)`);
  }
}

/**
 * The proxy-wasm ABI versions a module declares by exporting
 * `proxy_abi_version_<x>_<y>_<z>`, as `0.2.1`; the oci variant's runtime
 * config lists them. An unreadable module simply declares none.
 */
export function proxyAbiVersions(bytes: Uint8Array): string[] {
  try {
    return exportNames(bytes)
      .filter((name) => name.startsWith(ABI_EXPORT_PREFIX))
      .map((name) => name.slice(ABI_EXPORT_PREFIX.length).replaceAll("_", "."));
  } catch {
    return [];
  }
}

function exportNames(bytes: Uint8Array): string[] {
  const reader = new ByteReader(bytes, WASM_HEADER.length);
  while (!reader.atEnd()) {
    const id = reader.byte();
    const size = reader.u32();
    const end = reader.offset + size;
    if (id === EXPORT_SECTION) return readExports(reader);
    reader.offset = end;
  }
  return [];
}

function readExports(reader: ByteReader): string[] {
  const names: string[] = [];
  for (let count = reader.u32(); count > 0; count--) {
    names.push(reader.name());
    reader.byte(); // kind
    reader.u32(); // index
  }
  return names;
}

class ByteReader {
  constructor(
    private readonly bytes: Uint8Array,
    public offset: number,
  ) {}

  atEnd(): boolean {
    return this.offset >= this.bytes.length;
  }

  byte(): number {
    if (this.atEnd()) throw new RangeError("unexpected end of module");
    return this.bytes[this.offset++];
  }

  /** An unsigned LEB128 of at most 32 bits. */
  u32(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.byte();
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
    }
    throw new RangeError("LEB128 too long");
  }

  name(): string {
    const length = this.u32();
    const end = this.offset + length;
    if (end > this.bytes.length) throw new RangeError("name past the end of module");
    const text = Buffer.from(this.bytes.subarray(this.offset, end)).toString("utf8");
    this.offset = end;
    return text;
  }
}
