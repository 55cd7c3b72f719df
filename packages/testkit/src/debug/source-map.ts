/**
 * A WebAssembly source map (Source Map v3, as binaryen writes it for asc
 * `--sourceMap`): one generated line whose columns are byte offsets in the
 * module. Decoded once into offsets sorted for lookup.
 */
import { readFileSync } from "node:fs";

export interface SourcePosition {
  /** As the map names it: `assembly/index.ts`, `~lib/array.ts`. */
  readonly source: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

interface Mapping extends SourcePosition {
  readonly offset: number;
}

export class WasmSourceMap {
  private constructor(private readonly mappings: readonly Mapping[]) {}

  /** Reads and decodes a `.map` file; null when there is none. */
  static read(file: string): WasmSourceMap | null {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      return null;
    }
    // `sources` are named as the compiler saw them (`assembly/index.ts`, `~lib/...`): that is how a
    // report names them. `sourceRoot` only tells debuggers where to find the files.
    const map = JSON.parse(text) as { sources: string[]; mappings: string };
    return new WasmSourceMap(decodeMappings(map.mappings, map.sources));
  }

  /** The source position of the instruction at `offset`: the last mapping at or before it. */
  lookup(offset: number): SourcePosition | null {
    let low = 0;
    let high = this.mappings.length - 1;
    let found: Mapping | null = null;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const mapping = this.mappings[middle]!;
      if (mapping.offset <= offset) {
        found = mapping;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found && { source: found.source, line: found.line, column: found.column };
  }

  /** The first offset mapped to `source:line` (for breakpoints), or null. */
  offsetOf(source: string, line: number): number | null {
    const candidates = this.mappings.filter((mapping) => mapping.line === line && (mapping.source === source || mapping.source.endsWith(`/${source}`)));
    return candidates.length > 0 ? Math.min(...candidates.map((mapping) => mapping.offset)) : null;
  }
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function decodeMappings(mappings: string, sources: readonly string[]): Mapping[] {
  const result: Mapping[] = [];
  let offset = 0;
  let source = 0;
  let line = 0;
  let column = 0;
  for (const segment of mappings.split(/[,;]/)) {
    if (segment.length === 0) continue;
    const fields = decodeVlq(segment);
    offset += fields[0]!;
    if (fields.length < 4) continue;
    source += fields[1]!;
    line += fields[2]!;
    column += fields[3]!;
    result.push({ offset, source: sources[source] ?? "?", line: line + 1, column: column + 1 });
  }
  return result.sort((a, b) => a.offset - b.offset);
}

function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    if (digit < 0) throw new SyntaxError(`source map: "${char}" is not a base64 VLQ digit`);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -Math.floor(value / 2) : Math.floor(value / 2));
      value = 0;
      shift = 0;
    }
  }
  return values;
}
