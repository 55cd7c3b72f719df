/** Sizes of the modules Envoy loads: ours beside the Go peer (raw and gzip, as an OCI layer would ship them). */
import { existsSync, readFileSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";

export interface ModuleSize {
  readonly name: string;
  readonly author: "ours" | "go-peer" | "example";
  readonly path: string;
  /** Null when the module is not built. */
  readonly bytes: number | null;
  readonly gzipBytes: number | null;
}

export interface ModuleEntry {
  readonly name: string;
  readonly author: ModuleSize["author"];
  readonly path: string;
}

export function moduleSizes(entries: readonly ModuleEntry[]): ModuleSize[] {
  return entries.map((entry) => {
    if (!existsSync(entry.path)) return { ...entry, bytes: null, gzipBytes: null };
    return { ...entry, bytes: statSync(entry.path).size, gzipBytes: gzipSync(readFileSync(entry.path), { level: 9 }).length };
  });
}
