import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { processesOfRun, realEnvoySkipped } from "../../src/index.ts";

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}

describe.skipIf(realEnvoySkipped() || process.platform !== "linux")("no orphan processes", () => {
  it("a test run killed midway (SIGKILL) leaves no Envoy or func-e behind", async () => {
    const script = fileURLToPath(new URL("./start-and-hang.ts", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["ignore", "pipe", "inherit"] });
    const started = await new Promise<{ runDir: string; listenerUrl: string }>((resolve, reject) => {
      child.stdout.setEncoding("utf8").on("data", (line: string) => resolve(JSON.parse(line)));
      child.on("exit", (code) => reject(new Error(`helper exited early with ${code}`)));
    });
    expect(processesOfRun(started.runDir).length).toBeGreaterThanOrEqual(2);
    expect((await fetch(`${started.listenerUrl}/`)).status).toBe(200);

    child.kill("SIGKILL");

    expect(await waitFor(() => processesOfRun(started.runDir).length === 0, 15_000)).toBe(true);
    await expect(fetch(`${started.listenerUrl}/`)).rejects.toThrow();
  });
});
