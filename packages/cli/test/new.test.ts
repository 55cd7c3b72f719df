import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLI_VERSION, main } from "../src/index.ts";
import { linkRepositoryModules } from "./support/template-project.ts";

const parent = mkdtempSync(path.join(tmpdir(), "envoyscript-new-"));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (text: string) => void out.push(text), stderr: (text: string) => void err.push(text) }, out, err };
}

describe("envoyscript new", () => {
  // npm install from a registry: test/packaging/registry.test.ts. Here, --no-install.
  it("writes a project that asks the registry for this release, with caret ranges, and says what to run next", async () => {
    const dir = path.join(parent, "Header Stamp");
    const { io, out } = capture();
    expect(await main(["new", dir, "--no-install"], io)).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    expect(manifest.name).toBe("header-stamp");
    expect(manifest.devDependencies).toMatchObject({
      "@envoyscript/cli": `^${CLI_VERSION}`,
      "@envoyscript/sdk": `^${CLI_VERSION}`,
      "@envoyscript/testkit": `^${CLI_VERSION}`,
    });
    for (const range of Object.values(manifest.devDependencies as Record<string, string>)) expect(range).toMatch(/^\^\d+\.\d+\.\d+$/);
    expect(readFileSync(path.join(dir, "assembly", "index.ts"), "utf8")).toContain('"header-stamp"');
    expect(readFileSync(path.join(dir, ".gitignore"), "utf8")).toMatch(/^\.cache\/$/m);
    expect(out.join("\n")).toMatch(/npm install\n\s+npm test/);
  });

  it("writes a project whose own npm test passes (its packages linked from this checkout, offline)", async () => {
    const dir = path.join(parent, "stamp");
    expect(await main(["new", dir, "--no-install"], capture().io)).toBe(0);
    linkRepositoryModules(dir);
    const result = spawnSync("npm", ["test"], {
      cwd: dir,
      encoding: "utf8",
      // npm must not reach a registry: everything the project needs is linked.
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", npm_config_offline: "true", npm_config_registry: "http://127.0.0.1:9/" },
      timeout: 240_000,
    });
    const output = `${result.stdout}\n${result.stderr}`;
    expect(output, output).toMatch(/built build\/stamp\.wasm/);
    expect(output, output).toMatch(/Tests\s+\d+ passed/);
    expect(result.status, output).toBe(0);
  });

  it("refuses a folder that is not empty, with exit code 2", async () => {
    const { io, err } = capture();
    expect(await main(["new", path.join(parent, "stamp")], io)).toBe(2);
    expect(err.join("\n")).toMatch(/exists and is not empty/);
  });
});
