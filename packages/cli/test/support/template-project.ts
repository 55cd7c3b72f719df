// Projects made from the CLI's own template (templates/filter) for tests.
// `linkRepositoryModules` stands in for `npm install`: it links this
// checkout's node_modules, which hold every package the template asks for
// (the envoyscript workspaces among them), so tests run offline.
import { symlinkSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildProject } from "../../src/build/build.ts";
import { scaffoldProject } from "../../src/scaffold/scaffold.ts";

const REPOSITORY_MODULES = fileURLToPath(new URL("../../../../node_modules", import.meta.url));

export function linkRepositoryModules(projectDir: string): void {
  symlinkSync(REPOSITORY_MODULES, path.join(projectDir, "node_modules"), "dir");
}

/** The template project "greeter", scaffolded into `dir` and built (release): `build/greeter.wasm`. */
export async function buildGreeter(parent: string): Promise<{ dir: string; module: string; config: string }> {
  const dir = path.join(parent, "greeter");
  scaffoldProject(dir, { install: false });
  linkRepositoryModules(dir);
  await buildProject(dir, ["release"]);
  return { dir, module: path.join(dir, "build", "greeter.wasm"), config: path.join(dir, "config.json") };
}
