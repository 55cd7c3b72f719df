// npm create envoyscript runs this package's bin; installing from a real
// registry is test/packaging/registry.test.ts. Here: the files, the next
// steps, and the refusals, with --no-install.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../bin/create-envoyscript.js", import.meta.url));
const parent = mkdtempSync(path.join(tmpdir(), "create-envoyscript-"));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

function create(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: parent, encoding: "utf8" });
}

describe("create-envoyscript", () => {
  it("writes the CLI's project template and says what to run next", () => {
    const result = create("my-filter", "--no-install");
    expect(result.status, result.stderr).toBe(0);
    expect(readdirSync(path.join(parent, "my-filter")).sort()).toEqual([".gitignore", ".vscode", "README.md", "assembly", "config.json", "envoy.yaml", "envoyscript.json", "package.json", "test", "vitest.config.ts"]);
    expect(JSON.parse(readFileSync(path.join(parent, "my-filter", "package.json"), "utf8")).name).toBe("my-filter");
    expect(result.stdout).toBe("Next:\n  cd my-filter\n  npm install\n  npm test     # build, then test on the emulator and in a real Envoy (provisioned into .cache/ on first run)\n  npm start    # run it in Envoy in front of an echo upstream\n");
  });

  it("refuses a folder that is not empty, and a missing folder, with exit code 2", () => {
    const again = create("my-filter", "--no-install");
    expect([again.status, again.stderr]).toEqual([2, 'create-envoyscript: "my-filter" exists and is not empty: choose a new folder name\n']);
    const none = create();
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/give exactly one folder/);
  });

  it("prints its usage with --help", () => {
    const help = create("--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm create envoyscript@latest <dir>/);
  });
});
