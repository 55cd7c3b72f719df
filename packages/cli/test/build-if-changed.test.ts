// `envoyscript build --if-changed` (what a new project's `npm test` runs)
// compiles a module only when what it is built from changed: its sources,
// the SDK, the compiler, the target.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../src/index.ts";
import { scaffoldProject } from "../src/scaffold/scaffold.ts";
import { linkRepositoryModules } from "./support/template-project.ts";

const parent = mkdtempSync(path.join(tmpdir(), "envoyscript-if-changed-"));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

async function build(dir: string, ...flags: string[]): Promise<string> {
  const err: string[] = [];
  const code = await main(["build", dir, "--target", "release", ...flags], { stdout: () => undefined, stderr: (text: string) => void err.push(text) });
  expect(code, err.join("\n")).toBe(0);
  return err.join("\n");
}

describe("envoyscript build --if-changed", () => {
  const dir = path.join(parent, "stamp");
  const module = path.join(dir, "build", "stamp.wasm");

  it("builds a module the first time, then skips it while its sources stay the same (even touched)", { timeout: 240_000 }, async () => {
    scaffoldProject(dir, { install: false });
    linkRepositoryModules(dir);
    expect(await build(dir, "--if-changed")).toMatch(/^built build\/stamp\.wasm|built .*stamp\.wasm \(release/m);
    const builtAt = statSync(module).mtimeMs;
    const later = new Date(Date.now() + 5_000);
    utimesSync(path.join(dir, "assembly", "index.ts"), later, later);
    expect(await build(dir, "--if-changed")).toMatch(/up to date .*stamp\.wasm \(release, sources unchanged\)/);
    expect(statSync(module).mtimeMs).toBe(builtAt);
  });

  it("rebuilds once a source changes, and always without the flag", { timeout: 240_000 }, async () => {
    appendFileSync(path.join(dir, "assembly", "index.ts"), "\n// an edit\n");
    expect(await build(dir, "--if-changed")).toMatch(/built .*stamp\.wasm \(release/);
    expect(await build(dir, "--if-changed")).toMatch(/up to date/);
    expect(await build(dir)).toMatch(/built .*stamp\.wasm \(release/);
  });

  it("is what a new project's npm test and npm start run", () => {
    const scripts = (JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts.test).toMatch(/^envoyscript build --if-changed && /);
    expect(scripts.start).toMatch(/^envoyscript build --if-changed && /);
  });
});
