import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../src/index.ts";

const parent = mkdtempSync(path.join(tmpdir(), "envoyscript-new-"));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

const quiet = { stdout: () => undefined, stderr: () => undefined };

describe("envoyscript new", () => {
  it("creates a project whose own npm test passes offline", async () => {
    const dir = path.join(parent, "header-stamp");
    expect(await main(["new", dir], quiet)).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    expect(manifest.name).toBe("header-stamp");
    const result = spawnSync("npm", ["test"], {
      cwd: dir,
      encoding: "utf8",
      // npm must not reach a registry: the project works from what `new` linked.
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", npm_config_offline: "true", npm_config_registry: "http://127.0.0.1:9/" },
      timeout: 240_000,
    });
    const output = `${result.stdout}\n${result.stderr}`;
    expect(output, output).toMatch(/built build\/header-stamp\.wasm/);
    expect(output, output).toMatch(/Tests\s+\d+ passed/);
    expect(result.status, output).toBe(0);
  });

  it("refuses a folder that is not empty, with exit code 2", async () => {
    const err: string[] = [];
    expect(await main(["new", path.join(parent, "header-stamp")], { stdout: () => undefined, stderr: (text) => void err.push(text) })).toBe(2);
    expect(err.join("\n")).toMatch(/exists and is not empty/);
  });
});
