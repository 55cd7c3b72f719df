import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { cacheDir as workspaceCacheDir } from "@envoyscript/testkit";
import { CliError } from "../errors.ts";
import { provisionIstioCrds } from "./crd-bundle.ts";
import type { FieldError } from "./field-error.ts";
import { buildGoProgram } from "./go-toolchain.ts";

/**
 * Validation by the Kubernetes API server's own code: the Go program in
 * `go/kube-validate` (this package's folder) runs, for each document, what a
 * create request goes through in the API server of k8s.io/apiextensions-apiserver
 * (strict decoding: unknown fields, pruning, nulls, defaults; then the custom
 * resource strategy: type meta, ObjectMeta, the CRD's OpenAPI schema,
 * list-type invariants and its CEL rules). It is built with Go once per
 * version of its sources, into `<cache>/bin`.
 */
export interface KubeValidationOptions {
  /** Files of CustomResourceDefinitions (multi-document YAML is fine). @default the pinned bundle of Istio's CRDs */
  readonly crdFiles?: readonly string[];
  /** @default $ENVOYSCRIPT_CACHE_DIR, else `<workspace root>/.cache/envoyscript` */
  readonly cacheDir?: string;
  /** The `go` binary. @default $ENVOYSCRIPT_GO, else "go" on PATH */
  readonly go?: string;
  /** Progress lines (downloads, the one-time build). */
  readonly progress?: (line: string) => void;
}

/** One problem as the API server reports it. */
export interface KubeFieldError extends FieldError {
  /** Kubernetes' error type, e.g. "FieldValueInvalid", "FieldValueRequired". */
  readonly type: string;
}

/** The Go program's folder, shipped with this package. */
export const KUBE_VALIDATE_SOURCE = path.join(packageRoot(), "go", "kube-validate");

/** Validates each document as the API server would on create; one list of problems per document, in order. */
export async function validateWithKubernetes(documents: readonly unknown[], options: KubeValidationOptions = {}): Promise<KubeFieldError[][]> {
  if (documents.length === 0) return [];
  const cacheDir = options.cacheDir ?? workspaceCacheDir();
  const crdFiles = options.crdFiles ?? [await provisionIstioCrds({ cacheDir, go: options.go, progress: options.progress })];
  const binary = await kubeValidateBinary({ ...options, cacheDir });
  const stdout = await run(binary, [...crdFiles], JSON.stringify(documents));
  const results = JSON.parse(stdout) as { errors: { field: string; type: string; message: string }[] }[];
  return results.map((result) => result.errors.map((error) => ({ path: error.field, type: error.type, message: error.message })));
}

/** Builds (once) and returns the validator binary. */
export function kubeValidateBinary(options: KubeValidationOptions = {}): Promise<string> {
  return buildGoProgram(KUBE_VALIDATE_SOURCE, "kube-validate", { cacheDir: options.cacheDir ?? workspaceCacheDir(), go: options.go, progress: options.progress });
}

function run(binary: string, args: string[], input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(binary, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new CliError("E_KUBE_VALIDATE", `the Kubernetes validator (${binary}) failed: ${stderr.trim() || error.message}`));
      else resolve(stdout);
    });
    child.stdin?.end(input);
  });
}

/** The folder of @envoyscript/cli's package.json, wherever this file was compiled or installed to. */
function packageRoot(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "@envoyscript/cli") return dir;
    if (path.dirname(dir) === dir) throw new CliError("E_PACKAGE_LAYOUT", `cannot find @envoyscript/cli's package.json above ${fileURLToPath(import.meta.url)}: reinstall the package`);
  }
}
