// `envoyscript run --debug` runs a filter's debug build and prints each trap
// with its AssemblyScript functions and file.ts:line, read from Envoy's log.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { realEnvoySkipped } from "@envoyscript/testkit";

const here = path.dirname(fileURLToPath(import.meta.url));
const THROW_LINE = readFileSync(path.join(here, "..", "assembly", "index.ts"), "utf8").split("\n").findIndex((line) => line.includes("throw new Error")) + 1;
const CLI = path.join(path.dirname(createRequire(import.meta.url).resolve("@envoyscript/cli/package.json")), "bin", "envoyscript.js");

/** Resolves with what `read()` returns once it matches, polling; rejects after `ms`. */
async function until(read: () => string, pattern: RegExp, ms: number): Promise<RegExpMatchArray> {
  const deadline = Date.now() + ms;
  for (;;) {
    const match = pattern.exec(read());
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${ms} ms in:\n${read()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(realEnvoySkipped())("envoyscript run --debug", () => {
  it("runs the debug build and prints a trap's functions and file.ts:line", { timeout: 120_000 }, async () => {
    const child = spawn(process.execPath, [CLI, "run", "--filter", path.join(here, "..", "build", "trap-probe.wasm"), "--debug", "--port", "0"], { cwd: path.join(here, "..", ".."), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => (stdout += text));
    child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      const [, listener] = await until(() => stdout, /listener: (http:\/\/\S+)/, 90_000);
      const response = await fetch(`${listener}/quota`, { headers: { "x-quota": "-1" } });
      expect(response.status).toBe(503);
      await until(() => stderr, new RegExp(`at traps/assembly/index/readQuota \\(traps/assembly/index\\.ts:${THROW_LINE}:\\d+\\)`), 10_000);
      expect(stderr).toContain("the filter trapped in proxy_on_request_headers: RuntimeError: unreachable");
      expect(stderr).toContain("abort: quota must not be negative, got -1");
      expect(stdout).toMatch(/listener: /);
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(0);
  });
});
