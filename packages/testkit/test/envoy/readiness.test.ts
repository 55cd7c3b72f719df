// Waiting for Envoy to be ready ends when Envoy exits, whatever answers (or
// does not) at the admin address it left behind: an Envoy that refuses its
// configuration exits right after opening its admin port, and a probe of
// that port must not hold the wait (a CI run of `envoyscript run` once hung
// on it for two minutes).
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EnvoyInstance } from "../../src/envoy/envoy-process.ts";

let silent: Server | null = null;
const sockets: Socket[] = [];

afterEach(() => {
  for (const socket of sockets) socket.destroy();
  silent?.close();
});

/** A TCP server that accepts and never answers, as a busy or departed admin port may. */
async function silentServer(): Promise<number> {
  silent = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => silent!.listen(0, "127.0.0.1", resolve));
  return (silent.address() as { port: number }).port;
}

describe("EnvoyInstance.waitUntilReady", () => {
  it("reports the exit of an Envoy whose admin address no longer answers, within seconds", async () => {
    const runDir = mkdtempSync(path.join(tmpdir(), "envoyscript-readiness-"));
    const files = { bootstrap: path.join(runDir, "bootstrap.yaml"), stdout: path.join(runDir, "stdout.log"), stderr: path.join(runDir, "stderr.log"), adminAddress: path.join(runDir, "admin-address.txt") };
    writeFileSync(files.adminAddress, `127.0.0.1:${await silentServer()}`);
    writeFileSync(files.stderr, "[critical][main] error initializing config\n");
    // Stands in for the guardian: it exits half a second in, as func-e does when Envoy refuses its configuration.
    const guardian = spawn(process.execPath, ["-e", "setTimeout(() => process.exit(0), 500)"], { stdio: ["pipe", "pipe", "inherit"] });
    const instance = new EnvoyInstance(guardian, runDir, files);
    const started = performance.now();
    await expect(instance.waitUntilReady(60_000)).rejects.toThrow(/exited before it was ready/);
    expect(performance.now() - started).toBeLessThan(5_000);
  }, 20_000);
});
