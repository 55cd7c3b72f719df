import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildBootstrap, LISTENER_NAME, type BootstrapOptions } from "./bootstrap.ts";
import { cacheDir } from "./cache-dir.ts";
import { EnvoyError } from "./errors.ts";
import { funcEEnvironment } from "./func-e-env.ts";
import { parsePrometheus, type PrometheusSample } from "./prometheus.ts";
import { provisionEnvoy, type EnvoyToolchain } from "./provision.ts";
import { createRunFolder, pruneRunFolders } from "./run-folders.ts";
import { wasmLogLines } from "./wasm-log.ts";

const GUARDIAN = fileURLToPath(new URL("./guardian.mjs", import.meta.url));

export interface StartEnvoyOptions extends BootstrapOptions {
  /** Envoy's `--component-log-level`. @default "wasm:debug" */
  readonly componentLogLevel?: string;
  /** Envoy's `--log-level`. @default "info" */
  readonly logLevel?: string;
  /** Worker threads. @default 1 (deterministic tests) */
  readonly concurrency?: number;
  /** How long to wait for the admin endpoint and the listener. @default 60000 */
  readonly readyTimeoutMs?: number;
  /** A bootstrap written by the caller instead of one built from the options above. */
  readonly bootstrap?: Record<string, unknown>;
}

let toolchain: EnvoyToolchain | undefined;
const running = new Set<EnvoyInstance>();
/** How long one readiness probe of the admin endpoint may take before the next look at whether Envoy exited. */
const PROBE_TIMEOUT_MS = 2_000;

/** Provisions (once per process) and returns func-e and Envoy. */
export function envoyToolchain(): EnvoyToolchain {
  toolchain ??= provisionEnvoy();
  return toolchain;
}

/**
 * Starts Envoy through func-e from a generated bootstrap and resolves once the
 * admin endpoint reports LIVE and the listener is bound. The returned instance
 * must be stopped (`await envoy.stop()`); if the test process dies first, a
 * guardian process takes Envoy down.
 */
export async function startEnvoy(options: StartEnvoyOptions): Promise<EnvoyInstance> {
  const tools = envoyToolchain();
  const cache = cacheDir();
  const { runId, runDir } = createRunFolder(cache);
  pruneRunFolders(cache);
  const files = {
    bootstrap: path.join(runDir, "bootstrap.yaml"),
    stdout: path.join(runDir, "stdout.log"),
    // Envoy's log: it writes to stderr unbuffered, where a --log-path file would be flushed only every few seconds.
    stderr: path.join(runDir, "stderr.log"),
    adminAddress: path.join(runDir, "admin-address.txt"),
  };
  writeFileSync(files.bootstrap, JSON.stringify(options.bootstrap ?? buildBootstrap(options), null, 2));
  const args = [
    "run",
    "-c", files.bootstrap,
    "--use-dynamic-base-id",
    "--concurrency", String(options.concurrency ?? 1),
    "--log-level", options.logLevel ?? "info",
    "--component-log-level", options.componentLogLevel ?? "wasm:debug",
    "--admin-address-path", files.adminAddress,
  ];
  const guardian = spawn(process.execPath, [GUARDIAN, JSON.stringify({ command: tools.funcE, args, env: funcEEnvironment(tools, runId), cwd: runDir, stdout: files.stdout, stderr: files.stderr })], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const instance = new EnvoyInstance(guardian, runDir, files);
  running.add(instance);
  try {
    await instance.waitUntilReady(options.readyTimeoutMs ?? 60_000);
  } catch (error) {
    await instance.stop();
    throw error;
  }
  return instance;
}

/** A running Envoy. */
export class EnvoyInstance {
  #exited = false;
  #exitInfo = "";
  #adminUrl = "";
  #listenerPorts = new Map<string, number>();

  constructor(
    private readonly guardian: ChildProcess,
    /** Folder with the bootstrap and logs of this run. */
    readonly runDir: string,
    private readonly files: { bootstrap: string; stdout: string; stderr: string; adminAddress: string },
  ) {
    guardian.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      if (chunk.includes('"exit"')) this.#exitInfo = chunk.trim();
    });
    guardian.on("exit", () => {
      this.#exited = true;
      running.delete(this);
    });
  }

  /** `http://127.0.0.1:<port>` of the admin endpoint. */
  get adminUrl(): string {
    return this.#adminUrl;
  }

  /** The port the HTTP listener bound. */
  get listenerPort(): number {
    return this.portOf(LISTENER_NAME);
  }

  /** `http://127.0.0.1:<port>` of the HTTP listener. */
  get listenerUrl(): string {
    return `http://127.0.0.1:${this.listenerPort}`;
  }

  /** The port a listener of the bootstrap bound, by name; 0 for a name it does not have. */
  portOf(listenerName: string): number {
    return this.#listenerPorts.get(listenerName) ?? 0;
  }

  get exited(): boolean {
    return this.#exited;
  }

  /** Envoy's log so far (its stderr, captured to the run folder), including the filters' `proxy_log` lines. */
  logs(): string {
    return existsSync(this.files.stderr) ? readFileSync(this.files.stderr, "utf8") : "";
  }

  /** Lines a wasm filter logged, without Envoy's prefix: `[...][wasm] wasm log <name> <root>: <message>` → message. */
  wasmLogs(): string[] {
    return wasmLogLines(this.logs()).map((line) => line.message);
  }

  /** Waits until Envoy's log matches `pattern`, polling; rejects after `timeoutMs`. */
  async waitForLog(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.logs());
      if (match) return match[0];
      if (Date.now() > deadline) throw new EnvoyError("E_ENVOY_NOT_READY", `no log line matched ${pattern} within ${timeoutMs} ms (log: ${this.files.stderr})`);
      await delay(50);
    }
  }

  /** GET on the admin endpoint; rejects on a non-2xx answer, and after `timeoutMs` when given. */
  async admin(pathAndQuery: string, method: "GET" | "POST" = "GET", timeoutMs?: number): Promise<string> {
    const response = await fetch(`${this.#adminUrl}${pathAndQuery}`, { method, signal: timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs) });
    const body = await response.text();
    if (!response.ok) throw new EnvoyError("E_ADMIN_REQUEST", `admin ${method} ${pathAndQuery} answered ${response.status}: ${body.slice(0, 500)}`);
    return body;
  }

  /** `/stats/prometheus`, parsed. */
  async prometheus(): Promise<PrometheusSample[]> {
    return parsePrometheus(await this.admin("/stats/prometheus"));
  }

  /** Envoy's own stats as a name → value map (`/stats?format=json`, counters and gauges). */
  async stats(filter?: string): Promise<Map<string, number>> {
    const query = filter ? `/stats?format=json&filter=${encodeURIComponent(filter)}` : "/stats?format=json";
    const parsed = JSON.parse(await this.admin(query)) as { stats: { name?: string; value?: number }[] };
    const result = new Map<string, number>();
    for (const stat of parsed.stats) if (stat.name !== undefined && typeof stat.value === "number") result.set(stat.name, stat.value);
    return result;
  }

  /** `/config_dump`, parsed. */
  async configDump(): Promise<Record<string, unknown>> {
    return JSON.parse(await this.admin("/config_dump")) as Record<string, unknown>;
  }

  /** Stops Envoy (SIGTERM to its process group, SIGKILL after 5 s) and waits for it to be gone. */
  async stop(): Promise<void> {
    if (this.#exited) return;
    const gone = new Promise<void>((resolve) => this.guardian.once("exit", () => resolve()));
    this.guardian.stdin?.end();
    this.guardian.kill("SIGTERM");
    await gone;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  /** @internal Polls the admin address file, `/ready` and `/listeners` until the listener is bound. */
  async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.#exited) throw this.exitedError();
      if (await this.probe()) return;
      if (Date.now() > deadline) {
        throw new EnvoyError("E_ENVOY_NOT_READY", `Envoy was not ready within ${timeoutMs} ms; log tail:\n${this.logTail()}`);
      }
      await delay(50);
    }
  }

  private async probe(): Promise<boolean> {
    if (!this.#adminUrl) {
      if (!existsSync(this.files.adminAddress)) return false;
      const address = readFileSync(this.files.adminAddress, "utf8").trim();
      if (!address) return false;
      this.#adminUrl = `http://${address}`;
    }
    try {
      // Bounded: an Envoy that exits mid-request, or whatever took its port
      // since, must not hold the loop that watches for its exit.
      const ready = await fetch(`${this.#adminUrl}/ready`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
      if (!ready.ok) return false;
      const listeners = JSON.parse(await this.admin("/listeners?format=json", "GET", PROBE_TIMEOUT_MS)) as {
        listener_statuses?: { name: string; local_address?: { socket_address?: { port_value?: number } } }[];
      };
      const statuses = listeners.listener_statuses ?? [];
      const ports = new Map(statuses.map((status) => [status.name, status.local_address?.socket_address?.port_value ?? 0]));
      // Every listener of the bootstrap bound (a user's own bootstrap names its listeners as it likes).
      if (ports.size === 0 || [...ports.values()].includes(0)) return false;
      this.#listenerPorts = ports;
      return true;
    } catch {
      return false;
    }
  }

  private exitedError(): EnvoyError {
    return new EnvoyError("E_ENVOY_EXITED", `Envoy exited before it was ready (${this.#exitInfo || "no exit status"}); log tail:\n${this.logTail()}`, this.logs(), this.files.stderr);
  }

  /** The last lines of Envoy's log and func-e's stderr, for error messages. */
  logTail(lines = 30): string {
    const read = (file: string): string => (existsSync(file) ? readFileSync(file, "utf8") : "");
    const text = read(this.files.stderr).trim();
    return text.split("\n").slice(-lines).join("\n");
  }
}

/** Stops every Envoy this process started (for global teardown). */
export async function stopAllEnvoys(): Promise<void> {
  await Promise.all([...running].map((instance) => instance.stop()));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
