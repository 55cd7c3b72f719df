import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * The folder where provisioning keeps func-e, Envoy and func-e's state:
 * `$ENVOYSCRIPT_CACHE_DIR`, else `.cache/envoyscript` in the workspace root
 * (the nearest ancestor whose package.json declares workspaces), else in the
 * nearest folder with a package.json. It is git-ignored, never under $HOME.
 */
export function cacheDir(from: string = process.cwd()): string {
  const explicit = process.env.ENVOYSCRIPT_CACHE_DIR;
  if (explicit) return path.resolve(explicit);
  return path.join(projectRoot(from), ".cache", "envoyscript");
}

/** The workspace root above `from`, or the nearest package folder, or `from` itself. */
export function projectRoot(from: string = process.cwd()): string {
  let nearestPackage: string | undefined;
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest)) {
      nearestPackage ??= dir;
      if (declaresWorkspaces(manifest)) return dir;
    }
    if (path.dirname(dir) === dir) return nearestPackage ?? path.resolve(from);
  }
}

function declaresWorkspaces(manifest: string): boolean {
  try {
    return Array.isArray(JSON.parse(readFileSync(manifest, "utf8")).workspaces);
  } catch {
    return false;
  }
}
