// "A package imports only what it declares", checked for every source file
// of the repository (every workspace, the CLI's project template, the root's
// own scripts): each file belongs to the nearest package.json above it, and
// each package it imports (statically, dynamically, type-only or through
// require; AssemblyScript's ~lib/ counts as assemblyscript) must be listed
// in that package.json. Files a published package ships may only import its
// dependencies and peerDependencies: a devDependency is not installed for
// the package's users.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { readManifest, REPO_ROOT, type PackageManifest } from "../../scripts/workspaces.ts";

const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;
const BUILTINS = new Set(builtinModules);

interface Owner {
  readonly dir: string;
  readonly manifest: PackageManifest;
}

/** Files git knows (tracked, or new and not ignored): no node_modules, build outputs or caches. */
function repositoryFiles(): string[] {
  const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: REPO_ROOT, encoding: "utf8" });
  return listed.split("\0").filter((file) => SOURCE.test(file) && existsSync(path.join(REPO_ROOT, file)));
}

const owners = new Map<string, Owner>();
function ownerOf(file: string): Owner {
  for (let dir = path.dirname(path.join(REPO_ROOT, file)); ; dir = path.dirname(dir)) {
    const cached = owners.get(dir);
    if (cached) return cached;
    const manifestFile = path.join(dir, "package.json");
    if (existsSync(manifestFile)) {
      const owner = { dir, manifest: readManifest(manifestFile) };
      owners.set(dir, owner);
      return owner;
    }
    if (dir === path.dirname(dir)) throw new Error(`no package.json above ${file}`);
  }
}

/** The package a bare specifier names ("@scope/name/sub" → "@scope/name"), or null for relative, absolute and built-in ones. */
function packageOf(specifier: string): string | null {
  if (specifier.startsWith("~lib/")) return "assemblyscript";
  if (specifier.startsWith(".") || specifier.startsWith("/") || specifier.startsWith("node:") || specifier.startsWith("#")) return null;
  const parts = specifier.split("/");
  const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
  return BUILTINS.has(name) ? null : name;
}

function importedPackages(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(path.join(REPO_ROOT, file), "utf8"), true, true);
  const specifiers = [...info.importedFiles, ...info.typeReferenceDirectives.filter((directive) => directive.fileName !== "node")].map((reference) => reference.fileName);
  return [...new Set(specifiers.map(packageOf).filter((name): name is string => name !== null))];
}

/** Whether a published package ships `file` (under one of its `files` entries, tests excluded). */
function shipped(owner: Owner, file: string): boolean {
  if (owner.manifest.private) return false;
  const relative = path.relative(owner.dir, path.join(REPO_ROOT, file)).split(path.sep).join("/");
  if (/(^|\/)(test|tests|__tests__)\//.test(relative)) return false;
  return (owner.manifest.files ?? []).some((entry) => !entry.startsWith("!") && (relative === entry || relative.startsWith(`${entry.replace(/\/?\*.*$/, "")}/`)));
}

function undeclared(): string[] {
  const problems: string[] = [];
  for (const file of repositoryFiles()) {
    const owner = ownerOf(file);
    const { name, dependencies = {}, devDependencies = {}, peerDependencies = {}, optionalDependencies = {} } = owner.manifest;
    const runtime = { ...dependencies, ...peerDependencies, ...optionalDependencies };
    const declared = shipped(owner, file) ? runtime : { ...runtime, ...devDependencies };
    const where = path.relative(REPO_ROOT, path.join(owner.dir, "package.json"));
    for (const imported of importedPackages(file)) {
      if (imported === name || imported in declared) continue;
      const hint = imported in devDependencies ? ` (a devDependency, but ${file} is shipped: make it a dependency or a peerDependency)` : "";
      problems.push(`${file} imports "${imported}", which ${where} does not declare${hint}`);
    }
  }
  return problems;
}

describe("declared dependencies", () => {
  it("every file imports only packages its package.json declares", () => {
    expect(undeclared()).toEqual([]);
  });

  it("sees the imports it checks (an undeclared import would be found)", () => {
    // Guards the checker itself: the CLI's compiled entry imports the testkit, the SDK's users ~lib.
    expect(importedPackages("packages/cli/src/main.ts")).toContain("@envoyscript/testkit");
    expect(packageOf("~lib/util/casemap")).toBe("assemblyscript");
    expect(packageOf("node:fs")).toBeNull();
    expect(packageOf("fs/promises")).toBeNull();
    expect(packageOf("@envoyscript/sdk/assembly/proxy")).toBe("@envoyscript/sdk");
    expect(shipped(ownerOf("packages/cli/src/main.ts"), "packages/cli/src/main.ts")).toBe(true);
    expect(shipped(ownerOf("packages/cli/test/new.test.ts"), "packages/cli/test/new.test.ts")).toBe(false);
    expect(ownerOf("packages/cli/templates/filter/assembly/index.ts").manifest.name).toBe("{{name}}");
  });
});
