// Builds test/assembly/crypto/harness.ts with the asc API (raw ESM
// bindings, so Uint8Array and string cross over as-is) and returns its
// exports for the crypto suites, which compare them with node:crypto. The
// module must instantiate with no imports.
//
// Each suite runs in its own worker, so the build is cached in the system
// temp folder under a hash of every source it reads and of the flags:
// the first suite builds, later ones (and later runs) reuse it.
import asc from "assemblyscript/asc";
import { createHash } from "node:crypto";
import { mkdir, readFile, readdir, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const HARNESS_ENTRY = fileURLToPath(new URL("./assembly/crypto/harness.ts", import.meta.url));
const SOURCE_FOLDERS = [
  fileURLToPath(new URL("../assembly/crypto/", import.meta.url)),
  fileURLToPath(new URL("./assembly/crypto/", import.meta.url)),
];
const ASC_FLAGS = ["--runtime", "incremental", "--use", "abort=", "-O3", "--bindings", "raw"];
/** Shipped modules enable SIMD (the SDK preset does); the scalar build checks the fallback code that other builds get. */
const SIMD_FLAGS = ["--enable", "simd"];
const CACHE_FOLDER = join(tmpdir(), "envoyscript-crypto-harness");

/** HashAlg numbers as in assembly/crypto/hash-function.ts. */
export const HashAlg = { SHA256: 0, SHA384: 1, SHA512: 2 } as const;

/** node:crypto's names for the same hashes, by HashAlg number. */
export const NODE_HASH_NAMES = ["sha256", "sha384", "sha512"] as const;

export interface CryptoHarness {
  sha256Of(data: Uint8Array): Uint8Array;
  sha384Of(data: Uint8Array): Uint8Array;
  sha512Of(data: Uint8Array): Uint8Array;
  hashInChunks(alg: number, data: Uint8Array, chunk: number): Uint8Array | null;
  digestOf(alg: number, data: Uint8Array): Uint8Array;
  hmacOf(alg: number, key: Uint8Array, data: Uint8Array): Uint8Array;
  hmacSha256Of(key: Uint8Array, data: Uint8Array): Uint8Array;
  hmacVerifyOf(alg: number, key: Uint8Array, data: Uint8Array, tag: Uint8Array): boolean;
  constantTimeEqualOf(a: Uint8Array, b: Uint8Array): boolean;
  constantTimeEqualRangeOf(a: Uint8Array, aOffset: number, b: Uint8Array, bOffset: number, length: number): boolean;
  base64UrlDecodeOf(text: string): Uint8Array | null;
  base64UrlDecodeBytesOf(source: Uint8Array, start: number, end: number): Uint8Array | null;
  base64DecodeOf(text: string): Uint8Array | null;
  base64UrlEncodeOf(data: Uint8Array): string;
  base64EncodeOf(data: Uint8Array): string;
  modPow(modulus: Uint8Array, base: Uint8Array, exponent: Uint8Array): Uint8Array | null;
  modMultiply(modulus: Uint8Array, a: Uint8Array, b: Uint8Array): Uint8Array | null;
  wideShape(modulus: Uint8Array): number;
  wideMultiply(modulus: Uint8Array, a: Uint8Array, b: Uint8Array): Uint8Array | null;
  wideSquare(modulus: Uint8Array, a: Uint8Array): Uint8Array | null;
  widePower(modulus: Uint8Array, base: Uint8Array, exponent: number): Uint8Array | null;
  inverseMod(a: Uint8Array, m: Uint8Array): Uint8Array | null;
  wnafOf(k: Uint8Array, start: number, count: number, width: number): Int8Array;
  fieldShape(curve: string): number;
  fieldOperation(curve: string, op: number, a: Uint8Array, b: Uint8Array): Uint8Array;
  importRsa(n: string, e: string): number;
  importEc(crv: string, x: string, y: string): number;
  lastKeyImportCode(): string;
  lastKeyImportMessage(): string;
  verifyRsaPkcs1(key: number, alg: number, message: Uint8Array, signature: Uint8Array): boolean;
  verifyRsaPss(key: number, alg: number, message: Uint8Array, signature: Uint8Array, saltLength: number): boolean;
  verifyEcdsa(key: number, alg: number, message: Uint8Array, signature: Uint8Array): boolean;
  verifyEcdsaDigest(key: number, messageHash: Uint8Array, signature: Uint8Array): boolean;
  verifyRsaPkcs1Repeatedly(key: number, alg: number, message: Uint8Array, signature: Uint8Array, times: number): boolean;
  verifyEcdsaRepeatedly(key: number, alg: number, message: Uint8Array, signature: Uint8Array, times: number): boolean;
}

interface RawBindings {
  instantiate(module: WebAssembly.Module, imports: WebAssembly.Imports): Promise<CryptoHarness>;
}

interface HarnessBuild { binary: Uint8Array; bindings: string }

export interface HarnessOptions {
  /** Build with WebAssembly SIMD, as the SDK preset does (default true). */
  readonly simd?: boolean;
}

/** Compiles the harness with asc (-O3, incremental runtime, abort as a plain trap) and instantiates it. */
export async function loadCryptoHarness(options: HarnessOptions = {}): Promise<CryptoHarness> {
  const flags = options.simd === false ? ASC_FLAGS : [...ASC_FLAGS, ...SIMD_FLAGS];
  const { binary, bindings } = await cachedBuild(flags);
  const source = `data:text/javascript;base64,${Buffer.from(bindings).toString("base64")}`;
  const raw = (await import(/* @vite-ignore */ source)) as RawBindings;
  const module = await WebAssembly.compile(binary);
  return raw.instantiate(module, {});
}

async function cachedBuild(flags: string[]): Promise<HarnessBuild> {
  const key = await sourceHash(flags);
  const wasmPath = join(CACHE_FOLDER, `${key}.wasm`);
  const jsPath = join(CACHE_FOLDER, `${key}.js`);
  try {
    return { binary: new Uint8Array(await readFile(wasmPath)), bindings: await readFile(jsPath, "utf8") };
  } catch {
    // Not built yet with these sources: build below.
  }
  const build = await compile(flags);
  await mkdir(CACHE_FOLDER, { recursive: true });
  // Write then rename, so a suite reading in parallel never sees half a file.
  const unique = `${process.pid}-${Date.now()}`;
  await writeFile(`${jsPath}.${unique}`, build.bindings);
  await writeFile(`${wasmPath}.${unique}`, build.binary);
  await rename(`${jsPath}.${unique}`, jsPath);
  await rename(`${wasmPath}.${unique}`, wasmPath);
  return build;
}

async function sourceHash(flags: string[]): Promise<string> {
  const hash = createHash("sha256");
  const { version } = JSON.parse(await readFile(fileURLToPath(import.meta.resolve("assemblyscript/package.json")), "utf8"));
  hash.update(`asc ${version} ${flags.join(" ")}\n`);
  for (const folder of SOURCE_FOLDERS) {
    for (const name of (await readdir(folder)).filter((file) => file.endsWith(".ts")).sort()) {
      hash.update(`${folder}${name}\n`);
      hash.update(await readFile(join(folder, name)));
    }
  }
  return hash.digest("hex").slice(0, 32);
}

async function compile(flags: string[]): Promise<HarnessBuild> {
  let binary: Uint8Array | undefined;
  let bindings: string | undefined;
  const diagnostics: string[] = [];
  const sink = { write: (chunk: string | Uint8Array) => void diagnostics.push(String(chunk)) };
  const { error } = await asc.main([HARNESS_ENTRY, ...flags, "--outFile", "harness.wasm"], {
    stdout: sink,
    stderr: sink,
    writeFile: (name: string, contents: Uint8Array | string) => {
      if (name.endsWith(".wasm") && typeof contents !== "string") binary = contents;
      if (name.endsWith(".js")) bindings = String(contents);
    },
  });
  if (error || !binary || !bindings) {
    throw new Error(`asc failed to build the crypto harness: ${error?.message ?? "no output"}\n${diagnostics.join("")}`);
  }
  return { binary, bindings };
}
