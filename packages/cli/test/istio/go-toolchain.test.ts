import { execFileSync } from "node:child_process";
import { statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { cacheDir } from "@envoyscript/testkit";
import { describe, expect, it } from "vitest";
import { buildGoProgram, KUBE_VALIDATE_SOURCE } from "../../src/istio/index.ts";
import { PROVISION_TIMEOUT_MS, tempDir } from "./fixtures.ts";

/** A Go program of the standard library alone (builds in seconds), printing `message`. */
function goProgram(message: string): string {
  const dir = tempDir("envoyscript-go-");
  writeFileSync(path.join(dir, "go.mod"), "module example.test/hello\n\ngo 1.26.0\n");
  writeFileSync(path.join(dir, "main.go"), `package main\n\nimport "fmt"\n\nfunc main() { fmt.Println(${JSON.stringify(message)}) }\n`);
  return dir;
}

describe("building the Go programs the CLI runs", () => {
  it("builds into <cache>/bin under a digest of the sources, once, and again when they change", async () => {
    const source = goProgram("one");
    const binary = await buildGoProgram(source, "hello", { cacheDir: cacheDir() });
    expect(path.dirname(binary)).toBe(path.join(cacheDir(), "bin"));
    expect(path.basename(binary)).toMatch(/^hello-[0-9a-f]{16}$/);
    expect(execFileSync(binary, { encoding: "utf8" })).toBe("one\n");
    const builtAt = statSync(binary).mtimeMs;
    expect(await buildGoProgram(source, "hello", { cacheDir: cacheDir(), go: "/nonexistent/go" })).toBe(binary);
    expect(statSync(binary).mtimeMs).toBe(builtAt);

    writeFileSync(path.join(source, "main.go"), 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("two") }\n');
    const rebuilt = await buildGoProgram(source, "hello", { cacheDir: cacheDir() });
    expect(rebuilt).not.toBe(binary);
    expect(execFileSync(rebuilt, { encoding: "utf8" })).toBe("two\n");
  }, PROVISION_TIMEOUT_MS);

  it("says to install Go when it is missing, and fails on a folder without a Go program", async () => {
    await expect(buildGoProgram(goProgram("x"), "hello", { cacheDir: tempDir(), go: "/nonexistent/bin/go" })).rejects.toMatchObject({
      code: "E_GO_MISSING",
      message: expect.stringMatching(/install Go 1\.26 or newer/),
    });
    await expect(buildGoProgram(tempDir(), "nothing", { cacheDir: tempDir() })).rejects.toMatchObject({ code: "E_GO_SOURCE_MISSING" });
  });

  it("ships the validator's sources, go.sum included, in the npm package, so builds need nothing but the module proxy", () => {
    expect(statSync(path.join(KUBE_VALIDATE_SOURCE, "go.sum")).size).toBeGreaterThan(0);
    const packageDir = path.dirname(path.dirname(KUBE_VALIDATE_SOURCE));
    const [packed] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: packageDir, encoding: "utf8" })) as { files: { path: string }[] }[];
    const shipped = packed.files.map((file) => file.path).filter((file) => file.startsWith("go/kube-validate/"));
    expect(shipped).toEqual(expect.arrayContaining(["go/kube-validate/go.mod", "go/kube-validate/go.sum", "go/kube-validate/main.go"]));
  });
});
