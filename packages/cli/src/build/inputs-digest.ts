/**
 * What a module was built from, as one SHA-256: its sources (every `.ts`
 * file under the entry's folder), the SDK's sources and preset, the
 * compiler's version and the target. `build --if-changed` compares it with
 * the digest written beside the last output and skips an unchanged module.
 * Contents, not mtimes: a checkout or a `touch` does not force a rebuild,
 * an edit always does.
 */
import { createHash, type Hash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** Folders under a source folder that hold no sources of the module. */
const NOT_SOURCES = new Set(["node_modules", "build", ".cache", ".git", "test"]);

export function inputsDigest(entry: string, target: string, preset: string): string {
  const hash = createHash("sha256").update(`target ${target}\n`).update(`asc ${compilerVersion()}\n`);
  hash.update(readFileSync(preset));
  hashSources(hash, path.join(path.dirname(preset), "assembly"));
  hashSources(hash, path.dirname(entry));
  return hash.digest("hex");
}

/** The file beside a built module that holds the digest of its inputs. */
export function digestFile(outFile: string): string {
  return `${outFile}.inputs-sha256`;
}

/** True when `outFile` (and, for a debug build, its source map) exists and was built from inputs with this digest. */
export function isUpToDate(outFile: string, digest: string, withSourceMap: boolean): boolean {
  if (!existsSync(outFile) || (withSourceMap && !existsSync(`${outFile}.map`)) || !existsSync(digestFile(outFile))) return false;
  return readFileSync(digestFile(outFile), "utf8").trim() === digest;
}

export function recordDigest(outFile: string, digest: string): void {
  writeFileSync(digestFile(outFile), `${digest}\n`);
}

function hashSources(hash: Hash, dir: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && !NOT_SOURCES.has(entry.name)) hashSources(hash, full);
    else if (entry.isFile() && entry.name.endsWith(".ts")) hash.update(`${full}\n`).update(readFileSync(full));
  }
}

let version: string | undefined;

function compilerVersion(): string {
  version ??= (JSON.parse(readFileSync(createRequire(import.meta.url).resolve("assemblyscript/package.json"), "utf8")) as { version: string }).version;
  return version;
}
