import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CliError } from "../../errors.ts";
import type { PullPolicy } from "../extension-resources.ts";

/**
 * Pulls a Wasm OCI image; `manifestDigest` ("sha256:<hex>") is what a
 * resource's sha256 is checked against. `dockerConfig` is the Docker config
 * JSON of the resource's imagePullSecret, when it names one.
 */
export type FetchOci = (url: string, options: { readonly dockerConfig?: string }) => Promise<{ module: Uint8Array; manifestDigest: string }>;

/** Downloads an http(s) URL. @default global fetch */
export type FetchHttp = (url: string) => Promise<Uint8Array>;

/** Reads a file:// module. @default fs.readFileSync */
export type FetchFile = (filename: string) => Uint8Array;

export interface ModuleFetchOptions {
  /** The module cache, laid out as the agent's: `<dir>/<sha256 of the module name>/<checksum>.wasm`, plus `checksums.json`. */
  readonly moduleDir: string;
  readonly fetchOci: FetchOci;
  readonly fetchHttp?: FetchHttp;
  readonly fetchFile?: FetchFile;
}

export interface ModuleRequest {
  readonly url: string;
  readonly sha256?: string;
  readonly pullPolicy?: PullPolicy;
  /** The Docker config JSON of the resource's imagePullSecret. */
  readonly dockerConfig?: string;
}

export interface ResolvedModule {
  /** The local file Envoy's `vm_config.code.local.filename` points at. */
  readonly filename: string;
  readonly scheme: "file" | "http" | "https" | "oci";
  /** How the module was had: used in place (file://), taken from the cache, or downloaded now. */
  readonly source: "file" | "cache" | "download";
}

/**
 * Does what the sidecar's agent does before Envoy sees a Wasm extension
 * (istio pkg/wasm/cache.go): turns its `url` into a local file.
 *
 * - `file://` is used in place (istiod points Envoy at it; no digest check).
 *   A relative path is resolved against the current folder here (Envoy runs
 *   in a folder of its own; Istio leaves it to the proxy's working folder).
 * - http(s) bytes, and an OCI image's **manifest** digest, must equal
 *   `sha256` when it is set. A URL without a scheme is an OCI reference.
 * - `imagePullPolicy`: a module already in the cache under the checksum
 *   asked for (or pinned by a `@sha256:` reference) is used without asking
 *   the registry; otherwise `IfNotPresent` (the default, except for OCI tags
 *   `latest`) takes the module last pulled for this URL, and `Always` pulls
 *   again. The agent decides per resource version; each local run counts as
 *   a new one, so `Always` pulls at every run.
 */
export async function resolveModule(request: ModuleRequest, options: ModuleFetchOptions): Promise<ResolvedModule> {
  const { url } = request;
  const scheme = schemeOf(url);
  if (scheme === "file") {
    const filename = path.resolve(url.slice("file://".length));
    assertWasm(readModuleFile(filename, url, options.fetchFile ?? readFileSync), url);
    return { filename, scheme, source: "file" };
  }
  const cache = new ModuleCache(options.moduleDir);
  const name = moduleName(url, scheme);
  const wanted = request.sha256 || pinnedDigest(url);
  const cached = cache.find(name, wanted ?? (reuseLastPull(request.pullPolicy, url, scheme) ? cache.lastChecksum(url) : undefined));
  if (cached) return { filename: cached, scheme, source: "cache" };

  const { bytes, checksum, what } = await download(request, scheme, options);
  if (request.sha256 && checksum !== request.sha256) throw checksumMismatch(url, what, checksum, request.sha256);
  assertWasm(bytes, url);
  return { filename: cache.add(url, name, checksum, bytes), scheme, source: "download" };
}

async function download(request: ModuleRequest, scheme: "http" | "https" | "oci", options: ModuleFetchOptions): Promise<{ bytes: Uint8Array; checksum: string; what: string }> {
  if (scheme === "oci") {
    const pulled = await options.fetchOci(request.url, { dockerConfig: request.dockerConfig });
    return { bytes: pulled.module, checksum: pulled.manifestDigest.replace(/^sha256:/, ""), what: "image manifest" };
  }
  const bytes = await (options.fetchHttp ?? defaultFetchHttp)(request.url);
  return { bytes, checksum: hex(bytes), what: "module" };
}

/** The agent's default: IfNotPresent, except Always for OCI images tagged `latest`. */
function reuseLastPull(policy: PullPolicy | undefined, url: string, scheme: string): boolean {
  if (policy === "Always") return false;
  if (policy === "IfNotPresent") return true;
  return scheme !== "oci" || !url.endsWith(":latest");
}

/** The agent's module name: an OCI reference without its tag or digest; other URLs as they are. */
function moduleName(url: string, scheme: string): string {
  if (scheme !== "oci") return url;
  const reference = url.replace(/^oci:\/\//, "");
  const withoutDigest = reference.split("@")[0];
  const lastSlash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.lastIndexOf(":");
  return `oci://${colon > lastSlash ? withoutDigest.slice(0, colon) : withoutDigest}`;
}

/** An `...@sha256:<hex>` reference pins its own checksum. */
function pinnedDigest(url: string): string | undefined {
  return /@sha256:([a-f0-9]{64})$/.exec(url)?.[1];
}

/** The agent's on-disk cache, plus the URL → last pulled checksum map it keeps in memory (here in checksums.json, since each run is a new agent). */
class ModuleCache {
  private readonly indexFile: string;

  constructor(private readonly dir: string) {
    this.indexFile = path.join(dir, "checksums.json");
  }

  find(name: string, checksum: string | undefined): string | undefined {
    if (!checksum) return undefined;
    const file = this.fileOf(name, checksum);
    return existsSync(file) ? file : undefined;
  }

  lastChecksum(url: string): string | undefined {
    return this.readIndex()[url];
  }

  add(url: string, name: string, checksum: string, bytes: Uint8Array): string {
    const file = this.fileOf(name, checksum);
    writeAtomically(file, bytes);
    writeAtomically(this.indexFile, `${JSON.stringify({ ...this.readIndex(), [url]: checksum }, null, 2)}\n`);
    return file;
  }

  private fileOf(name: string, checksum: string): string {
    return path.join(this.dir, hex(Buffer.from(name)), `${checksum}.wasm`);
  }

  private readIndex(): Record<string, string> {
    try {
      return JSON.parse(readFileSync(this.indexFile, "utf8")) as Record<string, string>;
    } catch {
      return {};
    }
  }
}

function schemeOf(url: string): ResolvedModule["scheme"] {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url);
  if (!match) return "oci";
  const scheme = match[1].toLowerCase();
  if (scheme === "file" || scheme === "http" || scheme === "https" || scheme === "oci") return scheme;
  throw new CliError("E_MODULE_URL", `url "${url}" has scheme "${scheme}": Istio fetches only oci://, file://, http:// and https://`);
}

function readModuleFile(filename: string, url: string, read: FetchFile): Uint8Array {
  try {
    return read(filename);
  } catch (error) {
    throw new CliError("E_MODULE_MISSING", `url "${url}" names ${filename}, which cannot be read (${(error as NodeJS.ErrnoException).code}): build the module or fix the path`);
  }
}

async function defaultFetchHttp(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new CliError("E_MODULE_FETCH", `GET ${url} answered ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

function writeAtomically(file: string, data: Uint8Array | string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temp, data);
  renameSync(temp, file);
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
  return new CliError("E_MODULE_CHECKSUM", `the ${what} of ${url} has SHA-256 ${actual} but the resource's sha256 is ${expected}: Istio would refuse it; update sha256 or the module`);
}
