/**
 * Builds the Go peer modules (bench/go-peer) with Go's wasip1 target:
 * `GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared`, dependencies from
 * the Go module proxy, caches under .cache/envoyscript/go.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { BENCH_DIR, CACHE_DIR, WORK_DIR } from "./paths.ts";
import { which } from "./debian-tool.ts";

export const GO_PEER_DIR = path.join(BENCH_DIR, "go-peer");
export const GO_PEER_MODULES = ["routing-headers", "jwt-authz"] as const;
export type GoPeerName = (typeof GO_PEER_MODULES)[number];

export interface GoPeerBuild {
  /** Module path by name; missing when the build failed. */
  readonly modules: Partial<Record<GoPeerName, string>>;
  /** Why a module is missing. */
  readonly errors: Partial<Record<GoPeerName, string>>;
  readonly goVersion: string | null;
  readonly sdkVersion: string | null;
}

function goEnvironment(): NodeJS.ProcessEnv {
  const goCache = path.join(CACHE_DIR, "go");
  return {
    ...process.env,
    GOOS: "wasip1",
    GOARCH: "wasm",
    GOFLAGS: "-mod=mod",
    GOTOOLCHAIN: "local",
    GOMODCACHE: path.join(goCache, "mod"),
    GOCACHE: path.join(goCache, "build"),
  };
}

export function buildGoPeers(progress: (line: string) => void): GoPeerBuild {
  const modules: GoPeerBuild["modules"] = {};
  const errors: GoPeerBuild["errors"] = {};
  const go = which("go");
  if (!go) {
    for (const name of GO_PEER_MODULES) errors[name] = "Go is not installed (needs Go 1.24 or newer)";
    return { modules, errors, goVersion: null, sdkVersion: sdkVersion() };
  }
  const outDir = path.join(WORK_DIR, "go-peer");
  mkdirSync(outDir, { recursive: true });
  for (const name of GO_PEER_MODULES) {
    const output = path.join(outDir, `${name}.wasm`);
    progress(`building the Go peer ${name} (GOOS=wasip1 GOARCH=wasm -buildmode=c-shared)`);
    const result = spawnSync(go, ["build", "-buildmode=c-shared", "-trimpath", "-o", output, `./${name}`], {
      cwd: GO_PEER_DIR,
      env: goEnvironment(),
      encoding: "utf8",
    });
    if (result.status === 0) modules[name] = output;
    else errors[name] = `go build failed (exit ${result.status}): ${result.stderr.trim().slice(-800)}`;
  }
  const version = spawnSync(go, ["env", "GOVERSION"], { encoding: "utf8" }).stdout.trim() || null;
  return { modules, errors, goVersion: version, sdkVersion: sdkVersion() };
}

/** The proxy-wasm Go SDK version go.mod requires. */
function sdkVersion(): string | null {
  const goMod = readFileSync(path.join(GO_PEER_DIR, "go.mod"), "utf8");
  return /github\.com\/proxy-wasm\/proxy-wasm-go-sdk\s+(\S+)/.exec(goMod)?.[1] ?? null;
}
