import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { cacheDir } from "@envoyscript/testkit";
import { goEnvironment } from "../../../packages/cli/src/istio/index.ts";

/**
 * kustomize for the manifest tests, built from the Go module proxy the way
 * the testkit builds func-e: `go install` of a pinned version into
 * `<cache>/bin`, once. kubectl's embedded kustomize is not used, so every
 * machine renders with the same version.
 */
export const KUSTOMIZE_MODULE = "sigs.k8s.io/kustomize/kustomize/v5";
export const KUSTOMIZE_VERSION = "v5.8.1";

/** The kustomize binary, installed on first use; fails with the reason when Go or the proxy is missing. */
export function ensureKustomize(): string {
  const binary = path.join(cacheDir(), "bin", "kustomize");
  if (installedVersion(binary) === KUSTOMIZE_VERSION) return binary;
  mkdirSync(path.dirname(binary), { recursive: true });
  // flock: test files run in parallel and must not build into one file at once.
  const lock = path.join(os.tmpdir(), "envoyscript-kustomize-install.lock");
  const result = spawnSync("flock", [lock, "go", "install", `${KUSTOMIZE_MODULE}@${KUSTOMIZE_VERSION}`], {
    env: { ...goEnvironment(cacheDir()), GOBIN: path.dirname(binary) },
    encoding: "utf8",
  });
  const version = installedVersion(binary);
  if (version !== KUSTOMIZE_VERSION) {
    const reason = result.error ? String(result.error) : `exit ${result.status}: ${(result.stderr ?? "").trim().slice(-1500)}`;
    throw new Error(
      `could not install kustomize ${KUSTOMIZE_VERSION} with "go install ${KUSTOMIZE_MODULE}@${KUSTOMIZE_VERSION}" (GOBIN=${path.dirname(binary)}): ${reason}. ` +
        `Install Go 1.26+ and make the Go module proxy reachable.`,
    );
  }
  return binary;
}

/** `kustomize build <dir>`: the rendered multi-document YAML. */
export function kustomizeBuild(dir: string): string {
  try {
    return execFileSync(ensureKustomize(), ["build", dir], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new Error(`kustomize build ${dir} failed: ${stderr.trim() || (error as Error).message}`);
  }
}

function installedVersion(binary: string): string | undefined {
  if (!existsSync(binary)) return undefined;
  const result = spawnSync(binary, ["version"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}
