import { existsSync, readFileSync, realpathSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const TESTKIT_DIR = fileURLToPath(new URL("../../", import.meta.url));
const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

/** What decides the cache folder; {@link cacheDir} reads it from the process. */
export interface CacheLocationInputs {
  /** Where this testkit is installed (symlinks resolved). */
  readonly installedAt: string;
  readonly env: NodeJS.ProcessEnv;
  readonly home: string;
}

/**
 * The folder where provisioning keeps func-e, Envoy, func-e's state, Go's and
 * pip's caches and Envoy's run folders:
 *
 * 1. `$ENVOYSCRIPT_CACHE_DIR` when set;
 * 2. `.cache/envoyscript` in the project that installed this testkit: the
 *    folder holding the `node_modules` it sits in (its workspace root when it
 *    is a workspace), or, in a checkout of envoyscript itself, the checkout's
 *    root. Never under `$HOME` unless the project is;
 * 3. for an installation outside any project (`npm install -g`, `npx` without
 *    a local install): the per-user cache `$XDG_CACHE_HOME/envoyscript`,
 *    `~/.cache/envoyscript` when XDG_CACHE_HOME is unset.
 */
export function cacheDir(): string {
  return cacheDirFor({ installedAt: realpathSync(TESTKIT_DIR), env: process.env, home: homedir() });
}

/** {@link cacheDir} for explicit inputs. */
export function cacheDirFor(inputs: CacheLocationInputs): string {
  const explicit = inputs.env.ENVOYSCRIPT_CACHE_DIR;
  if (explicit) return path.resolve(explicit);
  const project = installingProject(inputs.installedAt);
  if (project) return path.join(projectRoot(project), ".cache", "envoyscript");
  const xdg = inputs.env.XDG_CACHE_HOME;
  // The XDG base directory spec ignores relative paths.
  const userCache = xdg && path.isAbsolute(xdg) ? xdg : path.join(inputs.home, ".cache");
  return path.join(userCache, "envoyscript");
}

/**
 * The project folder an installation at `installedAt` belongs to, or null
 * for a global or npx installation. A path without `node_modules` is a
 * checkout (a workspace package linked into its root's node_modules).
 */
function installingProject(installedAt: string): string | null {
  const at = installedAt.indexOf(NODE_MODULES);
  if (at < 0) return installedAt;
  const holder = installedAt.slice(0, at);
  // npx keeps packages it fetched in <npm cache>/_npx/<hash>/, with a package.json of its own.
  if (path.basename(path.dirname(holder)) === "_npx") return null;
  return existsSync(path.join(holder, "package.json")) ? holder : null;
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
