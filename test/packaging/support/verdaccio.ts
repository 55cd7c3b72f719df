// A real npm registry for tests: verdaccio on 127.0.0.1, its own storage,
// holding envoyscript's packages as published by the test and proxying
// every other package to the registry npm is configured with here (with
// that configuration's CA file and proxies), so a project installed from it
// gets exactly what a user's would.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { stringify } from "yaml";

export interface RunningRegistry {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  /** A token allowed to publish (for `//127.0.0.1:<port>/:_authToken`). */
  readonly token: string;
  logs(): string;
  stop(): Promise<void>;
}

/** Packages served only from what the test publishes, never from the upstream registry. */
const LOCAL_PACKAGES = ["@envoyscript/*", "create-envoyscript"];

interface NpmConfig {
  registry: string;
  cafile?: string | null;
  "https-proxy"?: string | null;
  proxy?: string | null;
}

/** The registry, CA file and proxies npm uses on this machine (the repository's .npmrc included). */
function upstreamConfig(cwd: string): NpmConfig {
  return JSON.parse(execFileSync("npm", ["config", "list", "--json"], { cwd, encoding: "utf8" })) as NpmConfig;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function verdaccioBin(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve("verdaccio/package.json");
  const { bin } = require(manifest) as { bin: Record<string, string> | string };
  return path.join(path.dirname(manifest), typeof bin === "string" ? bin : bin.verdaccio);
}

/** Starts verdaccio with its storage and config in `dir`; `cwd` is where npm's configuration is read from. */
export async function startVerdaccio(dir: string, cwd: string): Promise<RunningRegistry> {
  const upstream = upstreamConfig(cwd);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  mkdirSync(path.join(dir, "storage"), { recursive: true });
  const local = { access: "$all", publish: "$authenticated", unpublish: "$authenticated" };
  const config = {
    storage: path.join(dir, "storage"),
    auth: { htpasswd: { file: path.join(dir, "htpasswd"), max_users: 10 } },
    uplinks: {
      upstream: {
        url: upstream.registry,
        timeout: "120s",
        max_fails: 10,
        ...(upstream["https-proxy"] ? { https_proxy: upstream["https-proxy"] } : {}),
        ...(upstream.proxy ? { http_proxy: upstream.proxy } : {}),
      },
    },
    packages: { ...Object.fromEntries(LOCAL_PACKAGES.map((name) => [name, local])), "**": { access: "$all", proxy: "upstream" } },
    middlewares: { audit: { enabled: false } },
    web: { enable: false },
    log: { type: "stdout", format: "json", level: "warn" },
    server: { keepAliveTimeout: 60 },
  };
  const configFile = path.join(dir, "config.yaml");
  writeFileSync(configFile, stringify(config));
  const env = { ...process.env, ...(upstream.cafile && !process.env.NODE_EXTRA_CA_CERTS ? { NODE_EXTRA_CA_CERTS: upstream.cafile } : {}) };
  const child = spawn(process.execPath, [verdaccioBin(), "--config", configFile, "--listen", `127.0.0.1:${port}`], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  try {
    await waitUntilUp(url, child, () => output);
    const token = await addUser(url);
    return { url, token, logs: () => output, stop: () => stop(child) };
  } catch (error) {
    await stop(child);
    throw error;
  }
}

async function waitUntilUp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited with ${child.exitCode} before answering:\n${output()}`);
    try {
      if ((await fetch(`${url}-/ping`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`verdaccio did not answer ${url}-/ping within 60 s:\n${output()}`);
    await delay(200);
  }
}

/** Registers a user, as `npm adduser` does, and returns its token. */
async function addUser(url: string): Promise<string> {
  const name = "envoyscript-test";
  const response = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, password: "not-a-secret-loopback-only" }),
  });
  const body = (await response.json()) as { token?: string; error?: string };
  if (!response.ok || !body.token) throw new Error(`verdaccio refused to add a user (${response.status}): ${JSON.stringify(body)}`);
  return body.token;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  await Promise.race([exited, delay(5000).then(() => child.kill("SIGKILL"))]);
  await exited;
}
