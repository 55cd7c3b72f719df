import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { afterAll, beforeAll } from "vitest";

/**
 * A real registry for tests: Debian's `docker-registry` (the reference
 * implementation, distribution 2.8) on 127.0.0.1 with a port the kernel
 * picks, its own storage directory and config file, optionally behind
 * htpasswd (bcrypt) basic auth. `skopeo` and `htpasswd` come along.
 */

export const REQUIRED_TOOLS = ["docker-registry", "skopeo", "htpasswd"] as const;
const PACKAGES = "docker-registry skopeo apache2-utils";
const INSTALL_LOCK = path.join(os.tmpdir(), "envoyscript-oci-apt.lock");

export interface RegistryOptions {
  /** Require this user (basic auth over an htpasswd file with a bcrypt entry). */
  readonly htpasswd?: { readonly username: string; readonly password: string };
  /** Answer uploads with a relative `Location` (`http.relativeurls`). @default false */
  readonly relativeUrls?: boolean;
}

export interface RunningRegistry {
  /** `127.0.0.1:<port>`: what goes before the repository in a reference. */
  readonly host: string;
  readonly url: string;
  readonly storageDir: string;
  /** What the registry printed so far (its access log included). */
  logs(): string;
  stop(): Promise<void>;
}

function missingTools(): string[] {
  return REQUIRED_TOOLS.filter((tool) => spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0);
}

/**
 * Installs the registry, skopeo and htpasswd with apt when one is missing.
 * Fast when all are there; serialized with flock, since test files run in
 * parallel and dpkg takes one installer at a time; `apt-get update` only
 * when the plain install fails (stale or empty package lists).
 */
export function ensureRegistryTools(): void {
  if (missingTools().length === 0) return;
  const script = [
    `missing=0; for t in ${REQUIRED_TOOLS.join(" ")}; do command -v $t >/dev/null || missing=1; done`,
    `[ $missing = 0 ] && exit 0`,
    `apt-get install -y --no-install-recommends ${PACKAGES} || { apt-get update && apt-get install -y --no-install-recommends ${PACKAGES}; }`,
  ].join("\n");
  const result = spawnSync("flock", [INSTALL_LOCK, "sh", "-c", script], {
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    encoding: "utf8",
  });
  const stillMissing = missingTools();
  if (stillMissing.length > 0) {
    throw new Error(`could not install ${stillMissing.join(", ")} (apt-get install -y ${PACKAGES}, exit ${result.status}):\n${result.stderr}\n${result.stdout}`);
  }
}

/** Starts a registry and waits until `/v2/` answers. */
export async function startRegistry(options: RegistryOptions = {}): Promise<RunningRegistry> {
  ensureRegistryTools();
  const dir = mkdtempSync(path.join(os.tmpdir(), "envoyscript-registry-"));
  const storageDir = path.join(dir, "storage");
  const configFile = path.join(dir, "config.yml");
  writeFileSync(configFile, registryConfig(storageDir, dir, options));
  const child = spawn("docker-registry", ["serve", configFile], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const stop = async () => {
    await stopProcess(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const host = await waitForListening(child, () => output);
    const url = `http://${host}`;
    await waitForApi(url, () => output);
    return { host, url, storageDir, logs: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Starts a registry before the file's tests and always stops it after them. */
export function useRegistry(options: RegistryOptions = {}): () => RunningRegistry {
  let registry: RunningRegistry | undefined;
  // Generous: the first run may have to apt-get install the tools.
  beforeAll(async () => {
    registry = await startRegistry(options);
  }, 180_000);
  afterAll(async () => {
    await registry?.stop();
  });
  return () => {
    if (!registry) throw new Error("the registry has not started");
    return registry;
  };
}

function registryConfig(storageDir: string, dir: string, options: RegistryOptions): string {
  const lines = [
    "version: 0.1",
    "log:",
    "  level: info",
    "  formatter: text",
    "storage:",
    "  filesystem:",
    `    rootdirectory: ${storageDir}`,
    "http:",
    // Port 0: the kernel picks a free one, the registry logs which.
    "  addr: 127.0.0.1:0",
    "  secret: envoyscript-test-secret",
    `  relativeurls: ${options.relativeUrls ? "true" : "false"}`,
  ];
  if (options.htpasswd) {
    const htpasswdFile = path.join(dir, "htpasswd");
    writeFileSync(htpasswdFile, bcryptEntry(options.htpasswd.username, options.htpasswd.password));
    lines.push("auth:", "  htpasswd:", "    realm: envoyscript-test", `    path: ${htpasswdFile}`);
  }
  return lines.join("\n") + "\n";
}

function bcryptEntry(username: string, password: string): string {
  const result = spawnSync("htpasswd", ["-Bbn", username, password], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`htpasswd -Bbn failed: ${result.stderr}`);
  return result.stdout.trim() + "\n";
}

async function waitForListening(child: ChildProcess, output: () => string): Promise<string> {
  for (let waited = 0; waited < 15_000; waited += 25) {
    const match = /listening on (127\.0\.0\.1:\d+)/.exec(output());
    if (match) return match[1];
    if (child.exitCode !== null) throw new Error(`docker-registry exited with ${child.exitCode}:\n${output()}`);
    await delay(25);
  }
  throw new Error(`docker-registry did not say where it listens within 15 s:\n${output()}`);
}

/** Polls `GET /v2/` until it answers 200 (open) or 401 (auth required). */
async function waitForApi(url: string, output: () => string): Promise<void> {
  let last = "";
  for (let waited = 0; waited < 15_000; waited += 50) {
    try {
      const response = await fetch(`${url}/v2/`);
      await response.arrayBuffer();
      if (response.status === 200 || response.status === 401) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = String(error);
    }
    await delay(50);
  }
  throw new Error(`${url}/v2/ did not answer within 15 s (last: ${last}):\n${output()}`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}
