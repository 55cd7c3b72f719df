/**
 * Wasm frames as the two hosts report them, before symbolization: V8 in
 * Node writes `wasm-function[42]:0x1a2b` in a JavaScript stack; Envoy writes
 * its "Proxy-Wasm plugin in-VM backtrace:" with one `  0:  0x1a2b - name`
 * line per frame. Both give the byte offset in the module, which is what a
 * wasm source map is keyed by.
 */

export interface WasmFrame {
  /** Byte offset of the instruction in the module. */
  readonly offset: number;
  /** Index of the function, when the host gave it. */
  readonly functionIndex: number | null;
  /** The name the host printed (from the module's name section), when it had one. */
  readonly hostName: string | null;
}

/** Innermost first, from a JavaScript error's stack. */
export function framesOfJsStack(stack: string): WasmFrame[] {
  const frames: WasmFrame[] = [];
  for (const match of stack.matchAll(/^\s*at (?:(.*?) \()?wasm:\/\/wasm\/[^:]*:wasm-function\[(\d+)\]:0x([0-9a-f]+)\)?$/gm)) {
    frames.push({ offset: parseInt(match[3]!, 16), functionIndex: Number(match[2]), hostName: match[1] ?? null });
  }
  return frames;
}

/** Marks the backtrace Envoy's V8 runtime appends to a "Function: ... failed" message. */
export const ENVOY_BACKTRACE_HEADING = "Proxy-Wasm plugin in-VM backtrace:";

/** Innermost first, from the lines after Envoy's backtrace heading (`  0:  0x1a2b - name`). */
export function framesOfEnvoyBacktrace(lines: readonly string[]): WasmFrame[] {
  const frames: WasmFrame[] = [];
  for (const line of lines) {
    const match = /^\s*\d+:\s+0x([0-9a-f]+) - (.*)$/.exec(line);
    if (!match) break;
    const unknown = /^unknown\(func_index:(\d+)\)$/.exec(match[2]!.trim());
    frames.push({ offset: parseInt(match[1]!, 16), functionIndex: unknown ? Number(unknown[1]) : null, hostName: unknown ? null : match[2]!.trim() });
  }
  return frames;
}
