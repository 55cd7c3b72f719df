// Builds test/assembly/regex/harness.ts with the asc API and wraps its
// exports in a small typed API for the regex tests. The module must
// instantiate with no imports at all: the engine depends on no host
// function. Builds are cached in the OS temp folder under a hash of every
// source they read, so reruns and parallel test files skip asc.
import asc from "assemblyscript/asc";
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const HARNESS_ENTRY = fileURLToPath(new URL("./assembly/regex/harness.ts", import.meta.url));
const SOURCE_DIRS = [
  fileURLToPath(new URL("../assembly/regex/", import.meta.url)),
  fileURLToPath(new URL("./assembly/regex/", import.meta.url)),
];
const CACHE_DIR = join(tmpdir(), "envoyscript-regex-harness");

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

/** Builds (or reuses a cached build of) the harness with asc -O3 and instantiates it without imports. */
export async function loadRegexHarness(runtime: AscRuntime = "incremental"): Promise<RegexHarness> {
  const args = [HARNESS_ENTRY, "--runtime", runtime, "--use", "abort=", "-O3", "--outFile", "harness.wasm"];
  const cached = join(CACHE_DIR, `${await buildKey(args)}.wasm`);
  const binary = await readFile(cached).catch(() => undefined) ?? await buildAndCache(args, cached);
  const module = await WebAssembly.compile(binary);
  const instance = await WebAssembly.instantiate(module, {});
  return new RegexHarness(module, instance.exports as unknown as HarnessExports);
}

async function buildKey(args: string[]): Promise<string> {
  const hash = createHash("sha256").update(asc.version).update(JSON.stringify(args));
  for (const dir of SOURCE_DIRS) {
    for (const name of (await readdir(dir)).filter((n) => n.endsWith(".ts")).sort()) {
      hash.update(name).update(await readFile(join(dir, name)));
    }
  }
  return hash.digest("hex").slice(0, 32);
}

/** Writes through a unique temporary name then renames, so parallel builds never see a partial file. */
async function buildAndCache(args: string[], cached: string): Promise<Uint8Array> {
  const binary = await build(args);
  await mkdir(CACHE_DIR, { recursive: true });
  const partial = `${cached}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(partial, binary);
  await rename(partial, cached);
  return binary;
}

async function build(args: string[]): Promise<Uint8Array> {
  let binary: Uint8Array | undefined;
  const diagnostics: string[] = [];
  const sink = { write: (chunk: string | Uint8Array) => void diagnostics.push(String(chunk)) };
  const { error } = await asc.main(
    args,
    {
      stdout: sink,
      stderr: sink,
      writeFile: (name: string, contents: Uint8Array | string) => {
        if (name.endsWith(".wasm") && typeof contents !== "string") binary = contents;
      },
    },
  );
  if (error || !binary) throw new Error(`asc failed to build the regex harness: ${error?.message ?? "no output"}\n${diagnostics.join("")}`);
  return binary;
}

export function isFailure(result: CompiledRegex | CompileFailure): result is CompileFailure {
  return "message" in result;
}
