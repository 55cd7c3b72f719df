/**
 * What a module says about itself for debuggers: the function names of its
 * `name` custom section (debug builds have one) and the `sourceMappingURL`
 * custom section pointing at its source map. Read through the JS API, which
 * hands out custom sections; only their contents are decoded here.
 */

/** Function index → name, from the `name` section's function-names subsection; empty without one. */
export function functionNames(module: WebAssembly.Module): Map<number, string> {
  const names = new Map<number, string>();
  for (const section of WebAssembly.Module.customSections(module, "name")) {
    const reader = new LebReader(new Uint8Array(section));
    while (!reader.done()) {
      const id = reader.byte();
      const end = reader.u32() + reader.at;
      if (id === FUNCTION_NAMES) {
        for (let count = reader.u32(); count > 0; count--) names.set(reader.u32(), reader.text());
      }
      reader.at = end;
    }
  }
  return names;
}

/** The `sourceMappingURL` custom section's text (asc writes the map's file name), or null. */
export function sourceMappingUrl(module: WebAssembly.Module): string | null {
  const [section] = WebAssembly.Module.customSections(module, "sourceMappingURL");
  return section ? new LebReader(new Uint8Array(section)).text() : null;
}

const FUNCTION_NAMES = 1;

class LebReader {
  at = 0;
  constructor(private readonly bytes: Uint8Array) {}

  done(): boolean {
    return this.at >= this.bytes.length;
  }

  byte(): number {
    if (this.done()) throw new RangeError("name section ends early");
    return this.bytes[this.at++]!;
  }

  u32(): number {
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = this.byte();
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
    }
  }

  text(): string {
    const length = this.u32();
    const text = Buffer.from(this.bytes.subarray(this.at, this.at + length)).toString("utf8");
    this.at += length;
    return text;
  }
}
