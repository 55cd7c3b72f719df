// Builds test/assembly/regex/harness.ts with the asc API (in memory, no
// files written) and wraps its exports in a small typed API for the regex
// tests. The module must instantiate with no imports at all: the engine
// depends on no host function.
import asc from "assemblyscript/asc";
import { fileURLToPath } from "node:url";

const HARNESS_ENTRY = fileURLToPath(new URL("./assembly/regex/harness.ts", import.meta.url));

/** asc takes a few seconds per build; more when test files build in parallel on a busy machine. */
export const HARNESS_BUILD_TIMEOUT_MS = 60_000;

export type AscRuntime = "incremental" | "stub";

interface HarnessExports {
  memory: WebAssembly.Memory;
  scratch(byteLength: number): number;
  compile(units: number): number;
  errorPosition(): number;
  errorCode(): number;
  errorMessage(): number;
  errorCodeName(): number;
  programSize(handle: number): number;
  release(handle: number): void;
  fullMatch(handle: number, units: number): number;
  search(handle: number, units: number): number;
  fullMatchUtf8(handle: number, bytes: number): number;
  searchUtf8(handle: number, bytes: number): number;
  fullMatchRepeatedly(handle: number, units: number, times: number): number;
  allocationProbe(): number;
}

export interface CompileFailure {
  message: string;
  position: number;
  code: number;
  codeName: string;
}

/** One compiled pattern inside the harness module. */
export interface CompiledRegex {
  readonly handle: number;
  fullMatch(input: string): boolean;
  search(input: string): boolean;
  fullMatchUtf8(bytes: Uint8Array): boolean;
  searchUtf8(bytes: Uint8Array): boolean;
  programSize(): number;
  release(): void;
}

export class RegexHarness {
  constructor(
    readonly module: WebAssembly.Module,
    private readonly exports: HarnessExports,
  ) {}

  /** Compiles `pattern`; returns the regex or the failure the engine reported. */
  compile(pattern: string): CompiledRegex | CompileFailure {
    const handle = this.exports.compile(this.writeUtf16(pattern));
    if (handle < 0) {
      return {
        message: this.readString(this.exports.errorMessage()),
        position: this.exports.errorPosition(),
        code: this.exports.errorCode(),
        codeName: this.readString(this.exports.errorCodeName()),
      };
    }
    return this.wrap(handle);
  }

  /** Compiles `pattern` and fails loudly (quoting the engine's message) if it is refused. */
  mustCompile(pattern: string): CompiledRegex {
    const result = this.compile(pattern);
    if ("message" in result) throw new Error(`expected ${JSON.stringify(pattern)} to compile: ${result.message}`);
    return result;
  }

  fullMatchRepeatedly(regex: CompiledRegex, input: string, times: number): number {
    return this.exports.fullMatchRepeatedly(regex.handle, this.writeUtf16(input), times);
  }

  /** Address of a fresh 1-byte allocation (meaningful with the stub runtime, which never reuses memory). */
  allocationProbe(): number {
    return this.exports.allocationProbe();
  }

  private wrap(handle: number): CompiledRegex {
    const e = this.exports;
    return {
      handle,
      fullMatch: (input) => e.fullMatch(handle, this.writeUtf16(input)) !== 0,
      search: (input) => e.search(handle, this.writeUtf16(input)) !== 0,
      fullMatchUtf8: (bytes) => e.fullMatchUtf8(handle, this.writeBytes(bytes)) !== 0,
      searchUtf8: (bytes) => e.searchUtf8(handle, this.writeBytes(bytes)) !== 0,
      programSize: () => e.programSize(handle),
      release: () => e.release(handle),
    };
  }

  private writeUtf16(text: string): number {
    const ptr = this.exports.scratch(text.length * 2);
    const view = new DataView(this.exports.memory.buffer);
    for (let i = 0; i < text.length; i++) view.setUint16(ptr + i * 2, text.charCodeAt(i), true);
    return text.length;
  }

  private writeBytes(bytes: Uint8Array): number {
    const ptr = this.exports.scratch(bytes.length);
    new Uint8Array(this.exports.memory.buffer, ptr, bytes.length).set(bytes);
    return bytes.length;
  }

  /** Reads an AssemblyScript string: UTF-16 code units, byte length stored just before `ptr`. */
  private readString(ptr: number): string {
    const buffer = this.exports.memory.buffer;
    const byteLength = new Uint32Array(buffer, ptr - 4, 1)[0];
    return String.fromCharCode(...new Uint16Array(buffer, ptr, byteLength / 2));
  }
}

/** Compiles the harness with asc (-O3) and instantiates it without imports. */
export async function loadRegexHarness(runtime: AscRuntime = "incremental"): Promise<RegexHarness> {
  let binary: Uint8Array | undefined;
  const diagnostics: string[] = [];
  const sink = { write: (chunk: string | Uint8Array) => void diagnostics.push(String(chunk)) };
  const { error } = await asc.main(
    [HARNESS_ENTRY, "--runtime", runtime, "--use", "abort=", "-O3", "--outFile", "harness.wasm"],
    {
      stdout: sink,
      stderr: sink,
      writeFile: (name: string, contents: Uint8Array | string) => {
        if (name.endsWith(".wasm") && typeof contents !== "string") binary = contents;
      },
    },
  );
  if (error || !binary) throw new Error(`asc failed to build the regex harness: ${error?.message ?? "no output"}\n${diagnostics.join("")}`);
  const module = await WebAssembly.compile(binary);
  const instance = await WebAssembly.instantiate(module, {});
  return new RegexHarness(module, instance.exports as unknown as HarnessExports);
}

export function isFailure(result: CompiledRegex | CompileFailure): result is CompileFailure {
  return "message" in result;
}
