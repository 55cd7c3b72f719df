// What every published package carries: the license, where its source is,
// the Node it needs, a `files` list that holds what its README links to and
// what its exports and bins name, `types` first in each export, and the one
// version the root package.json sets (npm run set-version -- <v>).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { publicWorkspaces, readManifest, REPO_ROOT, workspaces, type Workspace } from "../../scripts/workspaces.ts";

const root = readManifest(path.join(REPO_ROOT, "package.json"));
const published = publicWorkspaces();
const rootLicense = readFileSync(path.join(REPO_ROOT, "LICENSE"), "utf8");

/** The files `npm pack` would put in the tarball (the package is built: turbo runs build before test). */
function packedFiles(workspace: Workspace): Set<string> {
  const json = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: workspace.dir, encoding: "utf8" });
  const [report] = JSON.parse(json) as { files: { path: string }[] }[];
  return new Set(report.files.map((file) => file.path));
}

/** Relative link targets in a markdown file (no URLs, no in-page anchors), without their #fragment. */
function relativeLinks(markdown: string): string[] {
  const targets = [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]);
  return targets.filter((target) => !/^([a-z]+:|#)/i.test(target)).map((target) => target.replace(/#.*$/, ""));
}

/** Whether `target` (a file or a folder, relative to the package) is in the tarball. */
function packs(files: Set<string>, target: string): boolean {
  const normal = path.posix.normalize(target).replace(/\/$/, "");
  return files.has(normal) || [...files].some((file) => file.startsWith(`${normal}/`));
}

/** Export targets, with `*` patterns turned into a prefix. */
function exportTargets(exports: unknown): string[] {
  if (typeof exports === "string") return [exports];
  if (exports === null || typeof exports !== "object") return [];
  return Object.values(exports).flatMap(exportTargets);
}

describe("published packages", () => {
  it("are the SDK, testkit, CLI, filters and create-envoyscript", () => {
    expect(published.map((workspace) => workspace.manifest.name).sort()).toEqual(["@envoyscript/cli", "@envoyscript/filters", "@envoyscript/sdk", "@envoyscript/testkit", "create-envoyscript"]);
  });

  describe.each(published.map((workspace) => [workspace.manifest.name, workspace] as const))("%s", (_name, workspace) => {
    const { manifest } = workspace;
    const directory = path.relative(REPO_ROOT, workspace.dir).split(path.sep).join("/");

    it("carries the Apache-2.0 LICENSE, its repository folder and the Node it needs", () => {
      expect(manifest.license).toBe("Apache-2.0");
      expect(readFileSync(path.join(workspace.dir, "LICENSE"), "utf8")).toBe(rootLicense);
      expect(manifest.repository).toEqual({ type: "git", url: "git+https://github.com/envoyscript/envoyscript.git", directory });
      expect(manifest.engines).toEqual(root.engines);
      expect(manifest.description?.length).toBeGreaterThan(20);
    });

    it("lists types first in every conditional export", () => {
      for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
        if (typeof target !== "object" || target === null) continue;
        expect(Object.keys(target)[0], `exports["${subpath}"]`).toBe("types");
      }
      if (manifest.types) expect(manifest.types).toBe((manifest.exports?.["."] as { types?: string } | undefined)?.types);
    });

    it("packs what its README links to, its exports and its bins", () => {
      const files = packedFiles(workspace);
      expect(files.has("LICENSE") && files.has("README.md") && files.has("package.json")).toBe(true);
      const readme = readFileSync(path.join(workspace.dir, "README.md"), "utf8");
      for (const link of relativeLinks(readme)) {
        expect(path.posix.normalize(link).startsWith(".."), `README link "${link}" leaves the package: link to the repository instead`).toBe(false);
        expect(packs(files, link), `README links to "${link}", which the package does not ship`).toBe(true);
      }
      for (const target of exportTargets(manifest.exports)) {
        const prefix = target.replace(/^\.\//, "").split("*")[0];
        expect([...files].some((file) => file.startsWith(prefix)), `export target "${target}" is not in the package`).toBe(true);
      }
      for (const bin of Object.values(manifest.bin ?? {})) expect(files.has(path.posix.normalize(bin)), `bin "${bin}"`).toBe(true);
      for (const file of files) expect(file, "the package's tests and debug builds stay out of it").not.toMatch(/^test\/|\.debug\.wasm$/);
    });
  });
});

describe("one version", () => {
  it("every workspace, and every dependency between them, carries the root package.json's version", () => {
    const all = workspaces();
    const ours = new Set(all.map((workspace) => workspace.manifest.name));
    const drift: string[] = [];
    for (const { manifest } of all) {
      if (manifest.version !== root.version) drift.push(`${manifest.name} is ${manifest.version}`);
      for (const field of ["dependencies", "devDependencies", "peerDependencies"] as const) {
        for (const [name, range] of Object.entries(manifest[field] ?? {})) {
          if (ours.has(name) && range !== root.version) drift.push(`${manifest.name} ${field} ${name}@${range}`);
        }
      }
    }
    expect(drift, `run npm run set-version -- ${root.version}`).toEqual([]);
  });

  it("CHANGELOG.md has an entry for it", () => {
    expect(readFileSync(path.join(REPO_ROOT, "CHANGELOG.md"), "utf8")).toMatch(new RegExp(`^## ${root.version.replace(/\./g, "\\.")}( |$)`, "m"));
  });

  it("the project template asks for the assemblyscript the SDK accepts and the vitest the repository tests with", () => {
    const template = readManifest(path.join(REPO_ROOT, "packages", "cli", "templates", "filter", "package.json"));
    const sdk = readManifest(path.join(REPO_ROOT, "packages", "sdk", "package.json"));
    const cli = readManifest(path.join(REPO_ROOT, "packages", "cli", "package.json"));
    expect(template.devDependencies?.assemblyscript).toBe(sdk.peerDependencies?.assemblyscript);
    expect(cli.dependencies?.assemblyscript).toBe(sdk.peerDependencies?.assemblyscript);
    expect(template.devDependencies?.vitest).toBe(`^${root.devDependencies?.vitest}`);
    for (const name of ["@envoyscript/cli", "@envoyscript/sdk", "@envoyscript/testkit"]) expect(template.devDependencies?.[name]).toBe("^{{version}}");
  });
});
