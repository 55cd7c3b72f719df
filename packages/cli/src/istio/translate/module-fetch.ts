import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CliError } from "../../errors.ts";

/** Pulls a Wasm OCI image; `manifestDigest` ("sha256:<hex>") is what a WasmPlugin's sha256 is checked against. */
export type FetchOci = (url: string) => Promise<{ module: Uint8Array; manifestDigest: string }>;

/** Downloads an http(s) URL. @default global fetch */
export type FetchHttp = (url: string) => Promise<Uint8Array>;

export interface ModuleFetchOptions {
  /** Where fetched modules are written, as `<sha256 of the module>.wasm` (Istio's agent caches them the same way). */
  readonly moduleDir: string;
  readonly fetchOci: FetchOci;
  readonly fetchHttp?: FetchHttp;
}

export interface ResolvedModule {
  /** The local file Envoy's `vm_config.code.local.filename` points at. */
  readonly filename: string;
  readonly scheme: "file" | "http" | "https" | "oci";
}

/**
 * Does what the sidecar's agent does before Envoy sees a WasmPlugin: turns
 * its `url` into a local file. `file://` is used in place (Istio trims the
 * prefix and checks no digest); http(s) bytes must hash to `sha256` when set;
 * an OCI image's manifest digest must equal `sha256` when set. A URL without
 * a scheme is an OCI reference, as in Istio.
 */
export async function resolveModule(url: string, sha256: string | undefined, options: ModuleFetchOptions): Promise<ResolvedModule> {
  const scheme = schemeOf(url);
  if (scheme === "file") {
    const filename = url.slice("file://".length);
    assertWasm(readModuleFile(filename, url), url);
    return { filename, scheme };
  }
  if (scheme === "http" || scheme === "https") {
    const bytes = await (options.fetchHttp ?? defaultFetchHttp)(url);
    const actual = hex(bytes);
    if (sha256 && actual !== sha256) throw checksumMismatch(url, "module", actual, sha256);
    assertWasm(bytes, url);
    return { filename: store(bytes, options.moduleDir), scheme };
  }
  const pulled = await options.fetchOci(url);
  const digest = pulled.manifestDigest.replace(/^sha256:/, "");
  if (sha256 && digest !== sha256) throw checksumMismatch(url, "image manifest", digest, sha256);
  assertWasm(pulled.module, url);
  return { filename: store(pulled.module, options.moduleDir), scheme: "oci" };
}

function schemeOf(url: string): ResolvedModule["scheme"] {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url);
  if (!match) return "oci";
  const scheme = match[1].toLowerCase();
  if (scheme === "file" || scheme === "http" || scheme === "https" || scheme === "oci") return scheme;
  throw new CliError("E_MODULE_URL", `WasmPlugin url "${url}" has scheme "${scheme}": Istio fetches only oci://, file://, http:// and https://`);
}

function readModuleFile(filename: string, url: string): Uint8Array {
  try {
    return readFileSync(filename);
  } catch (error) {
    throw new CliError("E_MODULE_MISSING", `WasmPlugin url "${url}" names ${filename}, which cannot be read (${(error as NodeJS.ErrnoException).code}): build the module or fix the path`);
  }
}

async function defaultFetchHttp(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new CliError("E_MODULE_FETCH", `GET ${url} answered ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

function store(bytes: Uint8Array, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${hex(bytes)}.wasm`);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, bytes);
  renameSync(temp, file);
  return file;
}

function hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function assertWasm(bytes: Uint8Array, url: string): void {
  const magic = [0x00, 0x61, 0x73, 0x6d];
  if (bytes.length < 8 || magic.some((byte, i) => bytes[i] !== byte)) {
    throw new CliError("E_MODULE_NOT_WASM", `${url} is not a WebAssembly module (it does not start with "\\0asm")`);
  }
}

function checksumMismatch(url: string, what: string, actual: string, expected: string): CliError {
  return new CliError("E_MODULE_CHECKSUM", `the ${what} of ${url} has SHA-256 ${actual} but the WasmPlugin's sha256 is ${expected}: Istio would refuse it; update spec.sha256 or the module`);
}
