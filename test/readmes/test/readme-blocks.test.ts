// Every ```ts block of the testkit and SDK READMEs is compiled and run as
// printed: AssemblyScript blocks (they import @envoyscript/sdk/assembly) are
// built by `envoyscript build`, which compiles them with asc and the SDK's
// preset and audits their imports; TypeScript blocks are type-checked with
// tsc and run by vitest, on both backends, in a project `envoyscript new
// my-filter` wrote (the filter the testkit README's example tests).
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../../..");
const work = path.join(here, "..", "build");
const project = path.join(work, "my-filter");
const require = createRequire(import.meta.url);
const CLI = path.join(path.dirname(require.resolve("@envoyscript/cli/package.json")), "bin", "envoyscript.js");
const TSC = require.resolve("typescript/bin/tsc");
const VITEST = path.join(path.dirname(require.resolve("vitest/package.json")), "vitest.mjs");

const READMES = ["packages/testkit/README.md", "packages/sdk/README.md"];

interface Block {
  readonly readme: string;
  readonly index: number;
  readonly code: string;
  readonly assemblyScript: boolean;
}

function tsBlocks(readme: string): Block[] {
  const text = readFileSync(path.join(repo, readme), "utf8");
  return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match, index) => ({
    readme,
    index,
    code: match[1]!,
    assemblyScript: match[1]!.includes("@envoyscript/sdk/assembly"),
  }));
}

function run(command: string, args: readonly string[], cwd: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [command, ...args], { cwd, encoding: "utf8", env: process.env, timeout: 600_000 });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

const blocks = READMES.flatMap(tsBlocks);
const name = (block: Block): string => `${path.basename(path.dirname(block.readme))}-${block.index}`;

describe("the READMEs' code blocks", () => {
  beforeAll(() => {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    const created = run(CLI, ["new", project, "--no-install"], work);
    expect(created.status, created.output).toBe(0);
    rmSync(path.join(project, "test", "filter.test.ts"));
    const modules: Record<string, string> = { "my-filter": "assembly/index.ts" };
    for (const block of blocks.filter((candidate) => candidate.assemblyScript)) {
      mkdirSync(path.join(project, "assembly", "readme", name(block)), { recursive: true });
      writeFileSync(path.join(project, "assembly", "readme", name(block), "index.ts"), block.code);
      modules[name(block)] = `assembly/readme/${name(block)}/index.ts`;
    }
    writeFileSync(path.join(project, "envoyscript.json"), JSON.stringify({ modules }));
    for (const block of blocks.filter((candidate) => !candidate.assemblyScript)) writeFileSync(path.join(project, "test", `${name(block)}.test.ts`), block.code);
    writeFileSync(
      path.join(project, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", noEmit: true, skipLibCheck: true, types: [] }, include: ["test"] }),
    );
  });

  it("finds blocks of both kinds", () => {
    expect(blocks.filter((block) => block.assemblyScript).map(name)).toContain("sdk-0");
    expect(blocks.filter((block) => !block.assemblyScript).map(name)).toContain("testkit-0");
  });

  it("compiles every AssemblyScript block with asc (envoyscript build), imports audited", () => {
    const built = run(CLI, ["build"], project);
    expect(built.status, built.output).toBe(0);
    for (const block of blocks.filter((candidate) => candidate.assemblyScript)) expect(built.output).toContain(`built build/${name(block)}.wasm (release`);
  });

  it("type-checks every TypeScript block", () => {
    const checked = run(TSC, ["-p", "tsconfig.json"], project);
    expect(checked.status, checked.output).toBe(0);
  });

  it("runs every TypeScript block with vitest, on both backends", () => {
    const tested = run(VITEST, ["run", "--reporter=verbose"], project);
    expect(tested.status, tested.output).toBe(0);
    for (const block of blocks.filter((candidate) => !candidate.assemblyScript)) expect(tested.output).toContain(`test/${name(block)}.test.ts`);
    expect(tested.output).toMatch(/on (')?envoy/);
  });
});
