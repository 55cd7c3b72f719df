// The workspaces of this repository, read from the root package.json (its
// "workspaces" entries are folders or folder/* patterns).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The fields of a package.json these scripts and tests read. */
export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  description?: string;
  license?: string;
  repository?: { type: string; url: string; directory?: string };
  engines?: Record<string, string>;
  files?: string[];
  bin?: Record<string, string>;
  types?: string;
  exports?: Record<string, unknown>;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  workspaces?: string[];
}

export interface Workspace {
  readonly dir: string;
  readonly manifestFile: string;
  readonly manifest: PackageManifest;
}

export function readManifest(file: string): PackageManifest {
  return JSON.parse(readFileSync(file, "utf8")) as PackageManifest;
}

/** Every workspace, in the root package.json's order. */
export function workspaces(): Workspace[] {
  const root = readManifest(path.join(REPO_ROOT, "package.json"));
  return (root.workspaces ?? [])
    .flatMap((entry) => {
      if (!entry.endsWith("/*")) return [path.join(REPO_ROOT, entry)];
      const parent = path.join(REPO_ROOT, entry.slice(0, -2));
      return readdirSync(parent, { withFileTypes: true })
        .filter((child) => child.isDirectory() && existsSync(path.join(parent, child.name, "package.json")))
        .map((child) => path.join(parent, child.name))
        .sort();
    })
    .map((dir) => {
      const manifestFile = path.join(dir, "package.json");
      return { dir, manifestFile, manifest: readManifest(manifestFile) };
    });
}

/** The workspaces published to npm (not private). */
export function publicWorkspaces(): Workspace[] {
  return workspaces().filter((workspace) => !workspace.manifest.private);
}
