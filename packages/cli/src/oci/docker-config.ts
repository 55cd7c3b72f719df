import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { CliError } from "../errors.ts";

/**
 * Registry credentials the way the Docker CLI keeps them, in
 * `$DOCKER_CONFIG/config.json` (default `~/.docker/config.json`):
 * `credHelpers[host]`, then `credsStore`, then `auths[host]`, the order
 * Docker itself (and Istio's keychain) follows.
 */
export interface Credentials {
  readonly username: string;
  readonly password: string;
  /** Where they came from, for messages: never the secret itself. */
  readonly source: string;
}

interface AuthEntry {
  auth?: string;
  username?: string;
  password?: string;
}

interface DockerConfig {
  auths?: Record<string, AuthEntry>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** Docker Hub's credentials sit under its v1 index address, whatever name the reference uses. */
const DOCKER_HUB_KEY = "https://index.docker.io/v1/";
const DOCKER_HUB_NAMES = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);

/** The config file Docker reads for `env`. */
export function dockerConfigPath(env: NodeJS.ProcessEnv): string {
  const dir = env.DOCKER_CONFIG || path.join(env.HOME || os.homedir(), ".docker");
  return path.join(dir, "config.json");
}

/** The credentials Docker would use for `registry` (`host[:port]`), or undefined for anonymous access. */
export async function findCredentials(registry: string, env: NodeJS.ProcessEnv): Promise<Credentials | undefined> {
  const file = dockerConfigPath(env);
  const config = await readDockerConfig(file);
  if (!config) return undefined;
  const serverKey = DOCKER_HUB_NAMES.has(registry) ? DOCKER_HUB_KEY : registry;
  const helper = config.credHelpers?.[serverKey] ?? config.credsStore;
  if (helper) return runCredentialHelper(helper, serverKey, env);
  const entry = findAuthEntry(config.auths ?? {}, serverKey);
  return entry ? entryCredentials(entry.value, `${file} auths["${entry.key}"]`) : undefined;
}

async function readDockerConfig(file: string): Promise<DockerConfig | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new CliError("E_OCI_DOCKER_CONFIG", `cannot read the Docker config "${file}": ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as DockerConfig;
  } catch (error) {
    throw new CliError("E_OCI_DOCKER_CONFIG", `the Docker config "${file}" is not valid JSON (${(error as Error).message}): fix or remove it`);
  }
}

/** `auths` keys may be written as a host, a URL (`https://host/v1/`), with or without a path. */
function findAuthEntry(auths: Record<string, AuthEntry>, serverKey: string): { key: string; value: AuthEntry } | undefined {
  if (auths[serverKey]) return { key: serverKey, value: auths[serverKey] };
  const host = hostOf(serverKey);
  const key = Object.keys(auths).find((candidate) => hostOf(candidate) === host);
  return key === undefined ? undefined : { key, value: auths[key] };
}

function hostOf(key: string): string {
  return key.replace(/^[a-z]+:\/\//i, "").split("/")[0].toLowerCase();
}

function entryCredentials(entry: AuthEntry, source: string): Credentials | undefined {
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) throw new CliError("E_OCI_DOCKER_CONFIG", `${source}.auth is not base64 of "user:password": run docker login again or rewrite it`);
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), source };
  }
  if (entry.username !== undefined && entry.password !== undefined) {
    return { username: entry.username, password: entry.password, source };
  }
  return undefined;
}

/** Runs `docker-credential-<helper> get` with the server address on stdin (the credential helper protocol). */
async function runCredentialHelper(helper: string, serverKey: string, env: NodeJS.ProcessEnv): Promise<Credentials | undefined> {
  const program = `docker-credential-${helper}`;
  const { code, stdout, stderr } = await runWithInput(program, ["get"], serverKey, env);
  if (code !== 0) {
    // The protocol's "nothing stored for this server": anonymous access, as Docker does.
    if (/credentials not found/i.test(stdout + stderr)) return undefined;
    throw new CliError("E_OCI_CRED_HELPER", `${program} get failed for "${serverKey}" (exit ${code}): ${(stderr || stdout).trim()}`);
  }
  let reply: { Username?: string; Secret?: string };
  try {
    reply = JSON.parse(stdout);
  } catch {
    throw new CliError("E_OCI_CRED_HELPER", `${program} get printed something other than JSON {"Username","Secret"} for "${serverKey}"`);
  }
  if (!reply.Username || reply.Secret === undefined) return undefined;
  return { username: reply.Username, password: reply.Secret, source: program };
}

function runWithInput(program: string, args: string[], input: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", (error: NodeJS.ErrnoException) => {
      const hint = error.code === "ENOENT" ? `is not on PATH: install it, or remove the helper from ${dockerConfigPath(env)}` : error.message;
      reject(new CliError("E_OCI_CRED_HELPER", `the Docker credential helper ${program} ${hint}`));
    });
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.on("error", () => {}); // a helper that exits without reading its input is judged by its exit code
    child.stdin.end(input);
  });
}
