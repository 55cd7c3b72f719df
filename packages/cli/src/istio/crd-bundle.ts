import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { cacheDir as workspaceCacheDir } from "@envoyscript/testkit";
import { CliError } from "../errors.ts";
import { goModDownload } from "./go-toolchain.ts";
import { ISTIO_RELEASE } from "./istio-release.ts";

export interface ProvisionCrdOptions {
  /** The cache root. @default $ENVOYSCRIPT_CACHE_DIR, else `<workspace root>/.cache/envoyscript` */
  readonly cacheDir?: string;
  /** The `istio.io/api` version. @default ISTIO_RELEASE.api.version */
  readonly version?: string;
  /** Expected SHA-256 of the bundle. @default ISTIO_RELEASE.api.crdBundleSha256 (only right for the default version) */
  readonly sha256?: string;
  /** The `go` binary. @default $ENVOYSCRIPT_GO, else "go" on PATH */
  readonly go?: string;
  /** Progress lines (what is being downloaded). */
  readonly progress?: (line: string) => void;
}

/** Where the bundle of Istio's CRDs lives: `<cache>/istio/<version>/customresourcedefinitions.gen.yaml`. */
export function istioCrdBundlePath(cacheDir: string, version: string = ISTIO_RELEASE.api.version): string {
  return path.join(cacheDir, "istio", version, path.basename(ISTIO_RELEASE.api.crdBundle));
}

/**
 * Makes sure the pinned bundle of Istio's CRDs is in the cache and returns
 * its path. Idempotent: a cached file with the right digest is used as is;
 * otherwise the module is fetched with `go mod download` (module cache:
 * `<cache>/go-mod`), the bundle checked against the pinned SHA-256 and
 * written atomically.
 */
export async function provisionIstioCrds(options: ProvisionCrdOptions = {}): Promise<string> {
  const cache = options.cacheDir ?? workspaceCacheDir();
  const version = options.version ?? ISTIO_RELEASE.api.version;
  const expected = options.sha256 ?? ISTIO_RELEASE.api.crdBundleSha256;
  const target = istioCrdBundlePath(cache, version);
  if (verified.has(target) || (existsSync(target) && sha256Hex(readFileSync(target)) === expected)) {
    verified.add(target);
    return target;
  }

  const module = `${ISTIO_RELEASE.api.module}@${version}`;
  options.progress?.(`fetching ${module} with go mod download`);
  const download = await goModDownload(ISTIO_RELEASE.api.module, version, { cacheDir: cache, go: options.go });
  const bundle = readFileSync(path.join(download.dir, ISTIO_RELEASE.api.crdBundle));
  const actual = sha256Hex(bundle);
  if (actual !== expected) {
    throw new CliError(
      "E_CRD_CHECKSUM",
      `${ISTIO_RELEASE.api.crdBundle} of ${module} has SHA-256 ${actual}, expected ${expected}: ` +
        `if you moved to another Istio version on purpose, pin this digest in src/istio/istio-release.ts; otherwise the module differs from the one reviewed.`,
    );
  }
  writeAtomically(target, bundle);
  verified.add(target);
  return target;
}

/** Bundles checked in this process (the check reads 1 MB: once is enough). */
const verified = new Set<string>();

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

function writeAtomically(file: string, data: Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  // Several test workers may provision at once: each writes its own file, then renames.
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temp, data);
  renameSync(temp, file);
}
