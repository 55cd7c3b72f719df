import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { CliError } from "../errors.ts";

/**
 * Go, as the Istio side of the CLI uses it: `go mod download` for Istio's
 * CRDs and `go build` for the small Go programs that run Kubernetes' and
 * istiod's own code. Go's caches live in the envoyscript cache folder
 * (`<cache>/go-mod`, `<cache>/go-build`), never in $HOME; `GOTOOLCHAIN=local`
 * stops Go from fetching another toolchain, `-modcacherw` keeps the module
 * cache deletable with `rm -rf`.
 */
export interface GoOptions {
  /** The envoyscript cache folder. */
  readonly cacheDir: string;
  /** The `go` binary. @default process.env.ENVOYSCRIPT_GO ?? "go" */
  readonly go?: string;
  /** Progress lines (downloads, builds). */
  readonly progress?: (line: string) => void;
}

export interface GoModuleDownload {
  /** Where Go extracted the module (read-only unless `-modcacherw`). */
  readonly dir: string;
  readonly version: string;
}

/** The environment every `go` command here runs with. */
export function goEnvironment(cacheDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GOMODCACHE: path.join(cacheDir, "go-mod"),
    GOCACHE: path.join(cacheDir, "go-build"),
    GOFLAGS: "-modcacherw",
    GOTOOLCHAIN: "local",
    GOWORK: "off",
  };
}

/** Runs `go mod download -json <module>@<version>` and returns the folder Go extracted the module to. */
export async function goModDownload(module: string, version: string, options: GoOptions): Promise<GoModuleDownload> {
  const env = goEnvironment(options.cacheDir);
  mkdirSync(env.GOMODCACHE!, { recursive: true });
  const what = `${module}@${version}`;
  // Outside any Go module, so no go.mod around pins other versions.
  const stdout = await runGo(["mod", "download", "-json", what], { env, cwd: env.GOMODCACHE! }, options, `fetch ${what}`).catch((error: unknown) => {
    // `go mod download -json` reports module errors in its JSON ("Error"), the rest on stderr.
    const reported = error instanceof GoFailure ? jsonError(error.stdout) : undefined;
    if (reported) throw new CliError("E_GO_DOWNLOAD", `"go mod download ${what}" failed: ${reported}. Check that the Go module proxy (GOPROXY) is reachable.`);
    throw error;
  });
  const info = parseDownloadJson(stdout, what);
  return { dir: info.Dir, version: info.Version };
}

/**
 * Builds the Go program in `sourceDir` (its own go.mod and go.sum, built with
 * `-mod=readonly`: nothing but the committed go.sum decides the versions)
 * into `<cache>/bin/<name>-<source digest>` and returns that path. A binary
 * already built from the same sources is used as is; concurrent callers wait
 * for one build; binaries of older sources are removed.
 */
export async function buildGoProgram(sourceDir: string, name: string, options: GoOptions): Promise<string> {
  const binary = path.join(options.cacheDir, "bin", `${name}-${sourceDigest(sourceDir).slice(0, 16)}`);
  if (existsSync(binary)) return binary;
  return withBuildLock(`${binary}.lock`, async () => {
    if (existsSync(binary)) return binary;
    options.progress?.(`building ${name} with Go (once; its modules go to ${path.join(options.cacheDir, "go-mod")})`);
    const partial = `${binary}.${process.pid}.partial`;
    await runGo(["build", "-mod=readonly", "-trimpath", "-o", partial, "."], { env: goEnvironment(options.cacheDir), cwd: sourceDir }, options, `build ${name}`);
    renameSync(partial, binary);
    removeOlderBuilds(binary, name);
    return binary;
  });
}

function removeOlderBuilds(binary: string, name: string): void {
  const dir = path.dirname(binary);
  for (const file of readdirSync(dir)) {
    if (new RegExp(`^${name}-[0-9a-f]{16}$`).test(file) && path.join(dir, file) !== binary) rmSync(path.join(dir, file), { force: true });
  }
}

/** SHA-256 over the program's go.mod, go.sum and .go files (names and contents). */
function sourceDigest(sourceDir: string): string {
  const hash = createHash("sha256");
  const files = readdirSync(sourceDir).filter((file) => /\.go$|^go\.(mod|sum)$/.test(file)).sort();
  if (!files.includes("go.mod")) throw new CliError("E_GO_SOURCE_MISSING", `"${sourceDir}" holds no Go program (no go.mod): reinstall @envoyscript/cli`);
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(path.join(sourceDir, file))).update("\0");
  return hash.digest("hex");
}

async function withBuildLock<T>(lockDir: string, body: () => Promise<T>): Promise<T> {
  mkdirSync(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      // A lock older than the longest build is left by a killed process.
      if (isOlderThan(lockDir, 30 * 60_000)) rmSync(lockDir, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new CliError("E_GO_BUILD", `waited 30 minutes for "${lockDir}": remove it if no build is running`);
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return await body();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function isOlderThan(file: string, ms: number): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs > ms;
  } catch {
    return false;
  }
}

class GoFailure extends CliError {
  constructor(
    message: string,
    readonly stdout: string,
  ) {
    super("E_GO_FAILED", message);
  }
}

function runGo(args: string[], spawnOptions: { env: NodeJS.ProcessEnv; cwd: string }, options: GoOptions, purpose: string): Promise<string> {
  const go = options.go ?? process.env.ENVOYSCRIPT_GO ?? "go";
  return new Promise((resolve, reject) => {
    execFile(go, args, { ...spawnOptions, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        return reject(
          new CliError(
            "E_GO_MISSING",
            `Go is needed to ${purpose} but "${go}" was not found: install Go 1.26 or newer (https://go.dev/dl/) and put it on PATH, or set ENVOYSCRIPT_GO to the go binary.`,
          ),
        );
      }
      const detail = (stderr.trim() || error.message).split("\n").slice(-15).join("\n");
      reject(new GoFailure(`"${go} ${args.join(" ")}" (to ${purpose}) failed: ${detail}\nCheck that the Go module proxy (GOPROXY) is reachable.`, stdout));
    });
  });
}

interface DownloadJson {
  Dir: string;
  Version: string;
  Error?: string;
}

function parseDownloadJson(stdout: string, what: string): DownloadJson {
  let info: DownloadJson;
  try {
    info = JSON.parse(stdout) as DownloadJson;
  } catch {
    throw new CliError("E_GO_DOWNLOAD", `"go mod download -json ${what}" printed no JSON: ${JSON.stringify(stdout.slice(0, 200))}`);
  }
  if (info.Error || !info.Dir) throw new CliError("E_GO_DOWNLOAD", `"go mod download ${what}" failed: ${info.Error ?? "no Dir in its output"}`);
  return info;
}

function jsonError(stdout: string): string | undefined {
  try {
    return (JSON.parse(stdout) as DownloadJson).Error;
  } catch {
    return undefined;
  }
}
