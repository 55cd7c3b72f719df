/**
 * The load generator: wrk (C, epoll, low overhead) from Debian, installed
 * idempotently when missing, run with one thread and a fixed number of
 * connections, pinned to its own core when taskset is available.
 */
import { spawn, spawnSync } from "node:child_process";
import { ensureDebianTool } from "./debian-tool.ts";
import { RESULT_MARKER } from "./wrk-script.ts";

export interface WrkResult {
  readonly requests: number;
  readonly durationUs: number;
  readonly bytes: number;
  readonly errors: { connect: number; read: number; write: number; status: number; timeout: number };
  readonly latencyUs: { p50: number; p90: number; p99: number; p999: number; mean: number; max: number };
}

export interface WrkRun {
  readonly url: string;
  readonly script: string;
  readonly seconds: number;
  readonly connections: number;
  /** CPU list for taskset (e.g. "1"); null: not pinned. */
  readonly cpus: string | null;
}

/** Provisioning step: wrk on PATH, or `apt-get install -y wrk`. */
export function ensureWrk(progress: (line: string) => void): string {
  return ensureDebianTool("wrk", "wrk", "https://github.com/wg/wrk", progress);
}

export function wrkVersion(): string {
  const result = spawnSync("wrk", ["--version"], { encoding: "utf8" });
  return /wrk\s+(\S+)/.exec(`${result.stdout}${result.stderr}`)?.[1] ?? "unknown";
}

export async function runWrk(run: WrkRun): Promise<WrkResult> {
  const args = ["-t1", `-c${run.connections}`, `-d${run.seconds}s`, "--timeout", "5s", "-s", run.script, run.url];
  return JSON.parse(await runWrkForLine(args, RESULT_MARKER, run.cpus)) as WrkResult;
}

/**
 * Runs wrk with `args` (taskset-pinned to `cpus` when given) and resolves to
 * the text after `marker` on the line its script's done() printed.
 */
export function runWrkForLine(args: readonly string[], marker: string, cpus: string | null = null): Promise<string> {
  const [command, commandArgs] = cpus ? ["taskset", ["-c", cpus, "wrk", ...args]] : ["wrk", [...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = stdout.split("\n").find((text) => text.startsWith(marker));
      if (code !== 0 || !line) {
        reject(new Error(`wrk ${commandArgs.join(" ")} failed (exit ${code}): ${stderr.trim() || stdout.trim()}`));
        return;
      }
      resolve(line.slice(marker.length));
    });
  });
}
