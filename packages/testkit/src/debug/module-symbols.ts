/**
 * Turns wasm frames into AssemblyScript ones: the function's name from the
 * module's name section (or the host's), `file.ts:line:column` from the
 * source map next to the module (asc `--sourceMap` writes `<module>.map`;
 * the envoyscript preset does for debug builds). A release build has
 * neither, and its frames stay offsets.
 */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { WasmFrame } from "./backtrace.ts";
import { WasmSourceMap, type SourcePosition } from "./source-map.ts";
import { functionNames, sourceMappingUrl } from "./wasm-names.ts";

export interface SourceFrame {
  /** The AssemblyScript function (`assembly/index/TrapRequest#onRequestHeaders`), or `wasm-function[42]` without names. */
  readonly function: string;
  /** Where in the source, when the module has a source map. */
  readonly position: SourcePosition | null;
  readonly offset: number;
}

export class ModuleSymbols {
  private static readonly loaded = new Map<string, { mtimeMs: number; symbols: ModuleSymbols }>();

  private constructor(
    /** The module file. */
    readonly file: string,
    private readonly names: ReadonlyMap<number, string>,
    private readonly sourceMap: WasmSourceMap | null,
  ) {}

  /** The symbols of the module at `file` (read once per version of the file). */
  static of(file: string): ModuleSymbols {
    const absolute = path.resolve(file);
    const mtimeMs = statSync(absolute).mtimeMs;
    const cached = ModuleSymbols.loaded.get(absolute);
    if (cached && cached.mtimeMs === mtimeMs) return cached.symbols;
    const module = new WebAssembly.Module(readFileSync(absolute));
    const mapName = sourceMappingUrl(module) ?? `${path.basename(absolute)}.map`;
    const symbols = new ModuleSymbols(absolute, functionNames(module), WasmSourceMap.read(path.resolve(path.dirname(absolute), mapName)));
    ModuleSymbols.loaded.set(absolute, { mtimeMs, symbols });
    return symbols;
  }

  /** Every function name of the module's name section. */
  get functionNames(): ReadonlySet<string> {
    return new Set(this.names.values());
  }

  /** True when the module can name functions and source lines (a debug build). */
  get hasDebugInfo(): boolean {
    return this.names.size > 0 && this.sourceMap !== null;
  }

  symbolize(frame: WasmFrame): SourceFrame {
    const name = (frame.functionIndex !== null ? this.names.get(frame.functionIndex) : undefined) ?? frame.hostName;
    return {
      function: name ?? `wasm-function[${frame.functionIndex ?? "?"}]`,
      position: this.sourceMap?.lookup(frame.offset) ?? null,
      offset: frame.offset,
    };
  }
}

/** `at <function> (<file>:<line>:<column>)`, or the offset when there is no source map. */
export function formatFrame(frame: SourceFrame): string {
  const where = frame.position ? `${frame.position.source}:${frame.position.line}:${frame.position.column}` : `@0x${frame.offset.toString(16)}`;
  return `at ${frame.function} (${where})`;
}

/**
 * Which of `modules` a backtrace came from (Envoy's log does not say): the
 * only one, or the one whose name section holds every name the host printed.
 */
export function moduleOfFrames(frames: readonly WasmFrame[], modules: readonly string[]): string | undefined {
  const named = frames.map((frame) => frame.hostName).filter((name) => name !== null);
  return modules.find((candidate) => named.length > 0 && named.every((name) => moduleNames(candidate).has(name))) ?? modules[0];
}

/** The function names of the module at `file`; empty when it has none or cannot be read. */
function moduleNames(file: string): ReadonlySet<string> {
  try {
    return ModuleSymbols.of(file).functionNames;
  } catch {
    return new Set();
  }
}
