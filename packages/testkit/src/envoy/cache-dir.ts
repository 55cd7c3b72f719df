import { existsSync, readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const TESTKIT_DIR = fileURLToPath(new URL("../../", import.meta.url));

/**
 * The folder where provisioning keeps func-e, Envoy and func-e's state:
 * `$ENVOYSCRIPT_CACHE_DIR`, else `.cache/envoyscript` in the project that
 * installed this testkit (its workspace root when there is one). Keyed to the
 * testkit's installation rather than the working folder, so every project
 * linked to one checkout shares one provisioned Envoy. Never under $HOME.
 */
export function cacheDir(): string {
  const explicit = process.env.ENVOYSCRIPT_CACHE_DIR;
  if (explicit) return path.resolve(explicit);
  const installedIn = realpathSync(TESTKIT_DIR).split(`${path.sep}node_modules${path.sep}`)[0];
  return path.join(projectRoot(installedIn), ".cache", "envoyscript");
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
