import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { HELP_CATALOG_FILE } from "../src/help.ts";
import { COMMANDS, helpCatalog, main } from "../src/index.ts";
import { withUsage } from "../src/usage-docs.ts";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (text: string) => void out.push(text), stderr: (text: string) => void err.push(text) }, out, err };
}

describe("CLI usage", () => {
  it("README's reference is the CLI's own usage text (run npm run docs -w @envoyscript/cli to update)", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    expect(readme).toBe(withUsage(readme));
  });

  it.each(COMMANDS.map((command) => command.name))("%s --help prints its usage and exits 0", async (name) => {
    const { io, out } = capture();
    expect(await main([name, "--help"], io)).toBe(0);
    expect(out.join("\n")).toMatch(new RegExp(`^Usage: envoyscript ${name}`));
  });

  it("an unknown command exits 2 and says how to list commands", async () => {
    const { io, err } = capture();
    expect(await main(["deploy"], io)).toBe(2);
    expect(err.join("\n")).toContain('unknown command "deploy"');
  });

  it("a bad option exits 2 naming it", async () => {
    const { io, err } = capture();
    expect(await main(["build", "--nope"], io)).toBe(2);
    expect(err.join("\n")).toMatch(/--nope/);
  });
});

describe("help and version", () => {
  it("help <command> prints that command's usage; --version the package's version", async () => {
    const help = capture();
    expect(await main(["help", "push"], help.io)).toBe(0);
    expect(help.out.join("\n")).toBe(COMMANDS.find((command) => command.name === "push")!.usage);
    const version = capture();
    expect(await main(["--version"], version.io)).toBe(0);
    expect(version.out).toEqual([JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version]);
  });

  it("help on an unknown command exits 2", async () => {
    const { io, err } = capture();
    expect(await main(["help", "deploy"], io)).toBe(2);
    expect(err.join("\n")).toContain('unknown command "deploy"');
  });

  it("the bin script answers help from the built catalog, which matches the commands (npm run build -w @envoyscript/cli)", () => {
    const built = JSON.parse(readFileSync(new URL(`../dist/${HELP_CATALOG_FILE}`, import.meta.url), "utf8"));
    expect(built).toEqual(helpCatalog());
    const result = spawnSync(process.execPath, [fileURLToPath(new URL("../bin/envoyscript.js", import.meta.url)), "help", "run"], { encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout.trimEnd()).toBe(helpCatalog().commands.run);
  });

  it("the bin script loads none of the commands' code for --help (NODE_DEBUG=esm lists the modules loaded)", () => {
    const loaded = (args: string[]) => {
      const result = spawnSync(process.execPath, [fileURLToPath(new URL("../bin/envoyscript.js", import.meta.url)), ...args], { encoding: "utf8", env: { ...process.env, NODE_DEBUG: "esm" } });
      return new Set([...result.stderr.matchAll(/file:\/\/\S*?\/(dist\/[\w/.-]+\.js)/g)].map((match) => match[1]));
    };
    expect([...loaded(["--help"])].sort()).toEqual(["dist/command.js", "dist/help.js"]);
    // The same probe sees a command load the CLI.
    expect(loaded(["build", "--target", "nope"]).has("dist/main.js")).toBe(true);
  });
});
