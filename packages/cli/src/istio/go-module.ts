import { execFile } from "node:child_process";
import { mkdirSync } from "node:fs";
import { CliError } from "../errors.ts";

export interface GoModuleDownload {
  /** Where Go extracted the module (read-only unless `-modcacherw`). */
  readonly dir: string;
  readonly version: string;
}

export interface GoDownloadOptions {
  /** The module cache Go fills (`GOMODCACHE`); created if missing. */
  readonly modCache: string;
  /** The `go` binary. @default process.env.ENVOYSCRIPT_GO ?? "go" */
  readonly go?: string;
  /** Folder `go` runs in; must not be inside a Go module that pins other versions. @default modCache */
  readonly cwd?: string;
}

/**
 * Runs `go mod download -json <module>@<version>` with the module cache kept
 * where we say, and returns the folder Go extracted the module to.
 * `-modcacherw` keeps that cache deletable with a plain `rm -rf`;
 * `GOTOOLCHAIN=local` stops Go from fetching another toolchain.
 */
export async function goModDownload(module: string, version: string, options: GoDownloadOptions): Promise<GoModuleDownload> {
  mkdirSync(options.modCache, { recursive: true });
  const go = options.go ?? process.env.ENVOYSCRIPT_GO ?? "go";
  const env = { ...process.env, GOFLAGS: "-mod=mod -modcacherw", GOMODCACHE: options.modCache, GOTOOLCHAIN: "local" };
  const stdout = await run(go, ["mod", "download", "-json", `${module}@${version}`], { env, cwd: options.cwd ?? options.modCache }, module, version);
  const info = parseDownloadJson(stdout, module, version);
  return { dir: info.Dir, version: info.Version };
}

function run(go: string, args: string[], spawnOptions: { env: NodeJS.ProcessEnv; cwd: string }, module: string, version: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(go, args, { ...spawnOptions, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return reject(goMissing(go, module, version));
      // `go mod download -json` reports module errors in its JSON ("Error"), the rest on stderr.
      const detail = extractJsonError(stdout) ?? (stderr.trim() || error.message);
      reject(new CliError("E_GO_DOWNLOAD", `"${go} mod download ${module}@${version}" failed: ${detail}. Check that the Go module proxy (GOPROXY) is reachable.`));
    });
  });
}

function goMissing(go: string, module: string, version: string): CliError {
  return new CliError(
    "E_GO_MISSING",
    `Go is needed to fetch Istio's WasmPlugin CRD (Go module ${module}@${version}) but "${go}" was not found: install Go (https://go.dev/dl/) and put it on PATH, or set ENVOYSCRIPT_GO to the go binary.`,
  );
}

interface DownloadJson {
  Dir: string;
  Version: string;
  Error?: string;
}

function parseDownloadJson(stdout: string, module: string, version: string): DownloadJson {
  let info: DownloadJson;
  try {
    info = JSON.parse(stdout) as DownloadJson;
  } catch {
    throw new CliError("E_GO_DOWNLOAD", `"go mod download -json ${module}@${version}" printed no JSON: ${JSON.stringify(stdout.slice(0, 200))}`);
  }
  if (info.Error || !info.Dir) {
    throw new CliError("E_GO_DOWNLOAD", `"go mod download ${module}@${version}" failed: ${info.Error ?? "no Dir in its output"}`);
  }
  return info;
}

function extractJsonError(stdout: string): string | undefined {
  try {
    return (JSON.parse(stdout) as DownloadJson).Error;
  } catch {
    return undefined;
  }
}
