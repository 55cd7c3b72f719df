import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { cacheDir as workspaceCacheDir } from "@envoyscript/testkit";
import { parse } from "yaml";
import { CliError } from "../errors.ts";
import { CRD_BUNDLE_PATH, ISTIO_API_MODULE, ISTIO_API_VERSION, WASMPLUGIN_CRD_NAME, WASMPLUGIN_CRD_SHA256 } from "./crd-version.ts";
import { goModDownload } from "./go-module.ts";
import { prepareCrd, type WasmPluginSchema } from "./schema/crd.ts";

export interface ProvisionCrdOptions {
  /** The cache root. @default $ENVOYSCRIPT_CACHE_DIR, else `<workspace root>/.cache/envoyscript` */
  readonly cacheDir?: string;
  /** The `istio.io/api` version. @default ISTIO_API_VERSION */
  readonly version?: string;
  /** Expected SHA-256 of the extracted document. @default WASMPLUGIN_CRD_SHA256 (only right for the default version) */
  readonly sha256?: string;
  /** The `go` binary. @default $ENVOYSCRIPT_GO, else "go" on PATH */
  readonly go?: string;
  /** Progress lines (what is being downloaded). */
  readonly progress?: (line: string) => void;
}

/** Where the extracted CRD lives: `<cache>/istio/<version>/wasmplugin-crd.yaml`. */
export function wasmPluginCrdPath(cacheDir: string, version: string = ISTIO_API_VERSION): string {
  return path.join(cacheDir, "istio", version, "wasmplugin-crd.yaml");
}

/**
 * Makes sure the pinned WasmPlugin CRD is in the cache and returns its path.
 * Idempotent: a cached file with the right digest is used as is; otherwise
 * the module is fetched with `go mod download` (module cache:
 * `<cache>/go-mod`), the WasmPlugin document is cut out of Istio's CRD bundle
 * byte for byte, checked against the pinned SHA-256 and written atomically.
 */
export async function provisionWasmPluginCrd(options: ProvisionCrdOptions = {}): Promise<string> {
  const cache = options.cacheDir ?? workspaceCacheDir();
  const version = options.version ?? ISTIO_API_VERSION;
  const expected = options.sha256 ?? WASMPLUGIN_CRD_SHA256;
  const target = wasmPluginCrdPath(cache, version);
  if (existsSync(target) && sha256Hex(readFileSync(target, "utf8")) === expected) return target;

  options.progress?.(`fetching ${ISTIO_API_MODULE}@${version} with go mod download`);
  const module = await goModDownload(ISTIO_API_MODULE, version, { modCache: path.join(cache, "go-mod"), go: options.go });
  const bundle = readFileSync(path.join(module.dir, CRD_BUNDLE_PATH), "utf8");
  const document = extractCrdDocument(bundle, WASMPLUGIN_CRD_NAME);
  const actual = sha256Hex(document);
  if (actual !== expected) {
    throw new CliError(
      "E_CRD_CHECKSUM",
      `the ${WASMPLUGIN_CRD_NAME} document of ${ISTIO_API_MODULE}@${version} has SHA-256 ${actual}, expected ${expected}: ` +
        `if you moved to another Istio version on purpose, pin this digest in src/istio/crd-version.ts; otherwise the module differs from the one reviewed.`,
    );
  }
  writeAtomically(target, document);
  return target;
}

/** Provisions (if needed), parses and prepares the pinned WasmPlugin schema; memoised per file. */
export async function loadWasmPluginSchema(options: ProvisionCrdOptions = {}): Promise<WasmPluginSchema> {
  const file = await provisionWasmPluginCrd(options);
  let schema = loaded.get(file);
  if (!schema) {
    schema = prepareCrd(parse(readFileSync(file, "utf8")), `${ISTIO_API_MODULE}@${options.version ?? ISTIO_API_VERSION}`);
    loaded.set(file, schema);
  }
  return schema;
}

const loaded = new Map<string, WasmPluginSchema>();

/**
 * Cuts the CRD named `crdName` out of a multi-document YAML bundle, keeping its
 * text exactly (so its digest does not depend on a YAML library's printer).
 */
export function extractCrdDocument(bundle: string, crdName: string): string {
  for (const chunk of bundle.split(/^---[ \t]*$/m)) {
    const text = `${chunk.replace(/^\n+/, "").trimEnd()}\n`;
    const doc = parse(text) as { kind?: string; metadata?: { name?: string } } | null;
    if (doc?.kind === "CustomResourceDefinition" && doc.metadata?.name === crdName) return text;
  }
  throw new CliError("E_CRD_NOT_FOUND", `no CustomResourceDefinition named "${crdName}" in ${CRD_BUNDLE_PATH}: the module layout changed; pick another istio.io/api version.`);
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

function writeAtomically(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  // Several test workers may provision at once: each writes its own file, then renames.
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}
