// Sets the one version every envoyscript package carries: `npm run
// set-version -- 0.2.0` writes it to the root package.json (the version's
// home) and to every workspace, with the workspaces' dependencies on each
// other, then updates the lockfile. Add the release to CHANGELOG.md.
// test/packaging/package-hygiene.test.ts fails while any package disagrees.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { readManifest, REPO_ROOT, workspaces } from "./workspaces.ts";

const DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "peerDependencies"] as const;

const version = process.argv[2] ?? "";
if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
  process.stderr.write(`set-version: give a version like 0.2.0 (got ${JSON.stringify(version)})\n`);
  process.exit(2);
}
const files = [path.join(REPO_ROOT, "package.json"), ...workspaces().map((workspace) => workspace.manifestFile)];
const ours = new Set(workspaces().map((workspace) => workspace.manifest.name));
for (const file of files) {
  const manifest = readManifest(file);
  manifest.version = version;
  for (const field of DEPENDENCY_FIELDS) {
    const dependencies = manifest[field] ?? {};
    for (const name of Object.keys(dependencies)) if (ours.has(name)) dependencies[name] = version;
  }
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}
const lock = spawnSync("npm", ["install", "--package-lock-only", "--ignore-scripts"], { cwd: REPO_ROOT, stdio: "inherit" });
if (lock.status !== 0) process.exit(lock.status ?? 1);
process.stdout.write(`set ${version} in ${files.length} package.json files and package-lock.json\n`);
