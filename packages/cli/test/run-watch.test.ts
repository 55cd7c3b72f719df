import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { realEnvoySkipped } from "@envoyscript/testkit";
import { main } from "../src/index.ts";
import { linkRepositoryModules } from "./support/template-project.ts";

const cli = fileURLToPath(new URL("../bin/envoyscript.js", import.meta.url));
const parent = mkdtempSync(path.join(tmpdir(), "envoyscript-watch-"));
afterAll(() => rmSync(parent, { recursive: true, force: true }));
const quiet = { stdout: () => undefined, stderr: () => undefined };

async function headerOf(url: string, name: string): Promise<string | null> {
  try {
    return (await fetch(url)).headers.get(name);
  } catch {
    return null; // Envoy is restarting
  }
}

describe.skipIf(realEnvoySkipped())("envoyscript run --watch", () => {
  it("rebuilds the project and restarts Envoy when a source file changes", async () => {
    const dir = path.join(parent, "watched");
    expect(await main(["new", dir, "--no-install"], quiet)).toBe(0);
    linkRepositoryModules(dir);
    expect(await main(["build", dir, "--target", "release"], quiet)).toBe(0);
    const child = spawn(process.execPath, [cli, "run", "--filter", path.join(dir, "build", "watched.wasm"), "--config", path.join(dir, "config.json"), "--port", "0", "--watch"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    try {
      const deadline = Date.now() + 60_000;
      while (!/listener: http/.test(stdout) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      // The listener port stays the same across restarts only if it was fixed; read the latest one each time.
      const listener = () => [...stdout.matchAll(/listener: (http:\/\/\S+)/g)].at(-1)![1];
      expect(await headerOf(`${listener()}/`, "x-watched")).toBe("hello from watched");

      const source = path.join(dir, "assembly", "index.ts");
      const original = readFileSync(source, "utf8");
      const edited = original.replace("responseHeaders.replace(this.config.header, this.config.value);", 'responseHeaders.replace(this.config.header, this.config.value + " (rebuilt)");');
      expect(edited, "the template's response line changed: update this test").not.toBe(original);
      writeFileSync(source, edited);

      let seen: string | null = null;
      const changedBy = Date.now() + 180_000;
      while (Date.now() < changedBy) {
        seen = await headerOf(`${listener()}/`, "x-watched");
        if (seen === "hello from watched (rebuilt)") break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(seen, stderr).toBe("hello from watched (rebuilt)");
      expect(stderr).toMatch(/source changed: rebuilding/);
    } finally {
      const exit = new Promise<number | null>((resolve) => child.on("exit", resolve));
      child.kill("SIGTERM");
      expect(await exit).toBe(0);
    }
    // The test's own deadlines (60 s to listen, 180 s to rebuild) bound it, not vitest's default.
  }, 300_000);
});
