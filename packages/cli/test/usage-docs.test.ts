import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { COMMANDS, main } from "../src/index.ts";
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
