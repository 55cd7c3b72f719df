import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, inject, it } from "vitest";
import { processesOfRun, realEnvoySkipped } from "@envoyscript/testkit";

const cli = fileURLToPath(new URL("../bin/envoyscript.js", import.meta.url));
const greeter = inject("greeter");
const scratch = mkdtempSync(path.join(tmpdir(), "envoyscript-run-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(realEnvoySkipped())("envoyscript run", () => {
  it("runs a filter with its config bytes in Envoy, prints the URLs, and stops cleanly on SIGTERM", async () => {
    const config = path.join(scratch, "greeter.json");
    writeFileSync(config, '{"header": "x-greeter", "value": "from-a-file"}');
    const child = spawn(process.execPath, [cli, "run", "--filter", greeter.module, "--config", config, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    const listener = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const match = /listener: (http:\/\/\S+)/.exec(stdout);
        if (match && /admin: /.test(stdout)) {
          clearInterval(timer);
          resolve(match[1]);
        }
      }, 50);
      child.on("exit", (code) => reject(new Error(`run exited early with ${code}: ${stdout}`)));
    });
    const runDir = /logs:\s+(\S+)\/stderr\.log/.exec(stdout)![1];

    const response = await fetch(`${listener}/try`);
    expect(response.headers.get("x-greeter")).toBe("from-a-file");
    expect((await response.json()).method).toBe("GET");

    const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
    expect(processesOfRun(runDir)).toEqual([]);
  });

  it("exits 2 when --config comes before any --filter", async () => {
    const child = spawn(process.execPath, [cli, "run", "--config", "x.json"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/--config must follow a --filter/);
  });
});
