import path from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root (bench/ sits directly under it). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const BENCH_DIR = path.join(REPO_ROOT, "bench");
export const RESULTS_DIR = path.join(BENCH_DIR, "results");
export const CACHE_DIR = path.join(REPO_ROOT, ".cache", "envoyscript");
/** Scratch files of one benchmark run (wrk scripts, the Go peer's build output). */
export const WORK_DIR = path.join(CACHE_DIR, "bench");

export const FILTERS_BUILD = path.join(REPO_ROOT, "packages", "filters", "build");
export const HELLO_MODULE = path.join(REPO_ROOT, "examples", "hello", "build", "hello.wasm");

/** Our module `<name>.wasm` in packages/filters/build. */
export function filterModule(name: string): string {
  return path.join(FILTERS_BUILD, `${name}.wasm`);
}
