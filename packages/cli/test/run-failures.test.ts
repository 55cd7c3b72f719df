// `envoyscript run` keeps its promises when Envoy cannot start: it exits 1
// with the reason, at once (each path must end within 5 s of the command's
// start), and a listener port that is taken is refused, whoever holds it.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { processesOfRun, realEnvoySkipped } from "@envoyscript/testkit";
import { envoyExitedAt, RunProcess, runToExit, type RunExit } from "./support/run-process.ts";

const greeter = inject("greeter");
const scratch = mkdtempSync(path.join(tmpdir(), "envoyscript-run-failures-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const FAILED = 1;
const PROMPT_MS = 5_000;
/** The promise: the reason and exit code within a second of Envoy's own end. */
const AFTER_ENVOY_MS = 1_000;

function file(name: string, content: string): string {
  const target = path.join(scratch, name);
  writeFileSync(target, content);
  return target;
}

function expectPromptFailure(exit: RunExit): void {
  expect(exit.code, exit.stderr).toBe(FAILED);
  expect(exit.elapsedMs, exit.stderr).toBeLessThan(PROMPT_MS);
}

/** A loopback port nobody holds right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("envoyscript run refuses what cannot start", () => {
  it("a missing module", async () => {
    const missing = path.join(scratch, "missing.wasm");
    const exit = await runToExit(["--filter", missing, "--port", "0"]);
    expectPromptFailure(exit);
    expect(exit.stderr).toContain(`cannot read --filter "${missing}": no such file`);
  });

  it("a file that is not a wasm module", async () => {
    const text = file("notes.wasm", "not a module\n");
    const exit = await runToExit(["--filter", text, "--port", "0"]);
    expectPromptFailure(exit);
    expect(exit.stderr).toContain(`--filter "${text}" is not a WebAssembly module`);
  });

  it("a port held by another process", async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const { port } = holder.address() as { port: number };
    try {
      const exit = await runToExit(["--filter", greeter.module, "--port", String(port)]);
      expectPromptFailure(exit);
      expect(exit.stderr).toContain(`127.0.0.1:${port} is already in use`);
      expect(exit.stderr).toContain("--port <n>");
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});

describe.skipIf(realEnvoySkipped())("envoyscript run when Envoy fails", () => {
  it("a configuration the filter refuses: the filter's line first and alone, Envoy's log only with --verbose", async () => {
    const config = file("typo.json", '{"hedaer": "x-greeter", "value": "v"}');
    const exit = await runToExit(["--filter", greeter.module, "--config", config, "--port", "0"]);
    expectPromptFailure(exit);
    const lines = exit.stderr.trim().split("\n");
    expect(lines[0]).toBe("starting Envoy through func-e ...");
    expect(lines[1]).toMatch(/^greeter: hedaer: unknown field "hedaer".* \[E_[A-Z_]+\]$/);
    expect(lines.slice(2)).toEqual(["envoyscript run: Envoy did not start: a filter refused to start (above); run again with --verbose for Envoy's log"]);

    const verbose = await runToExit(["--filter", greeter.module, "--config", config, "--port", "0", "--verbose"]);
    expectPromptFailure(verbose);
    expect(verbose.stderr.split("\n")[1]).toBe(lines[1]);
    expect(verbose.stderr).toContain("Envoy's log tail:");
    expect(verbose.stderr).toMatch(/\[critical\]\[main\].*initializing config/);
    expect(verbose.endedAt - envoyExitedAt(verbose.stderr)).toBeLessThan(AFTER_ENVOY_MS);
  });

  it("a bootstrap Envoy itself refuses: Envoy's reason", async () => {
    const bootstrap = file(
      "unknown-cluster.yaml",
      `static_resources:
  listeners:
  - name: web
    address: { socket_address: { address: 127.0.0.1, port_value: 0 } }
    filter_chains:
    - filters:
      - name: envoy.filters.network.http_connection_manager
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
          stat_prefix: web
          route_config:
            virtual_hosts: [{ name: all, domains: ["*"], routes: [{ match: { prefix: "/" }, route: { cluster: nowhere } }] }]
          http_filters:
          - name: envoy.filters.http.router
            typed_config: { "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router }
`,
    );
    const exit = await runToExit(["--filter", greeter.module, "--envoy-config", bootstrap]);
    expectPromptFailure(exit);
    expect(exit.stderr).toMatch(/envoyscript run: Envoy did not start: .*unknown cluster 'nowhere'/);
    expect(exit.stderr).not.toContain("[info]");
    const verbose = await runToExit(["--filter", greeter.module, "--envoy-config", bootstrap, "--verbose"]);
    expect(verbose.endedAt - envoyExitedAt(verbose.stderr)).toBeLessThan(AFTER_ENVOY_MS);
  });

  it("a port another envoyscript run listens on (Envoy's SO_REUSEPORT would share it): refused, the first run keeps it; Ctrl-C then leaves nothing behind", async () => {
    const port = await freePort();
    const first = new RunProcess(["--filter", greeter.module, "--config", greeter.config, "--port", String(port)]);
    try {
      const ready = await first.ready();
      expect(ready.listeners).toEqual([`http://127.0.0.1:${port}`]);

      const second = await runToExit(["--filter", greeter.module, "--config", greeter.config, "--port", String(port)]);
      expectPromptFailure(second);
      expect(second.stderr).toContain(`listener "ingress": 127.0.0.1:${port} is already in use`);
      for (let i = 0; i < 5; i++) expect((await fetch(`http://127.0.0.1:${port}/`)).headers.get("x-greeter")).toBe("hello from greeter");

      const stopped = await first.stop("SIGINT");
      expect(stopped.code).toBe(0);
      expect(processesOfRun(ready.runDir)).toEqual([]);
      await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    } finally {
      await first.stop();
    }
  });
});
