import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Finished runs kept for reading their logs after the fact; older ones are removed. @default 20 */
export const KEPT_FINISHED_RUNS = 20;

const OWNER_FILE = "owner.pid";

/**
 * The folders of one Envoy run, all named by its run id: ours (bootstrap,
 * logs, admin address) and the two func-e keeps per run.
 */
export function runFolders(cache: string, runId: string): string[] {
  return [path.join(cache, "runs", runId), path.join(cache, "func-e", "state", "envoy-runs", runId), path.join(cache, "func-e", "runtime", runId)];
}

/** Creates a run folder owned by process `ownerPid` (the guardian's parent: while it lives, the run is never pruned). */
export function createRunFolder(cache: string, ownerPid: number = process.pid): { runId: string; runDir: string } {
  const runId = `run-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
  const runDir = path.join(cache, "runs", runId);
  mkdirSync(runDir, { recursive: true });
  writeFileSync(path.join(runDir, OWNER_FILE), String(ownerPid));
  return { runId, runDir };
}

/** A run folder without an owner (made by an older testkit sharing the cache) counts as finished after this long. */
const UNOWNED_RUN_MAX_AGE_MS = 24 * 60 * 60_000;

/**
 * Removes the folders of finished runs beyond the `keep` most recent ones.
 * A run is finished when its owning process has ended; one whose owner is
 * unknown, when it is a day old. Returns the run ids removed.
 */
export function pruneRunFolders(cache: string, keep: number = KEPT_FINISHED_RUNS): string[] {
  const runsDir = path.join(cache, "runs");
  let runs: { id: string; modified: number }[];
  try {
    runs = readdirSync(runsDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => ({ id: entry.name, modified: modifiedAt(path.join(runsDir, entry.name)) }));
  } catch {
    return [];
  }
  const finished = runs.filter((run) => isFinished(path.join(runsDir, run.id), run.modified)).sort((a, b) => b.modified - a.modified);
  const removed: string[] = [];
  for (const run of finished.slice(keep)) {
    for (const folder of runFolders(cache, run.id)) rmSync(folder, { recursive: true, force: true });
    removed.push(run.id);
  }
  return removed;
}

function modifiedAt(dir: string): number {
  try {
    return statSync(dir).mtimeMs;
  } catch {
    return 0;
  }
}

function isFinished(runDir: string, modified: number): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(runDir, OWNER_FILE), "utf8"));
  } catch {
    return Date.now() - modified > UNOWNED_RUN_MAX_AGE_MS;
  }
  return !(Number.isInteger(pid) && pid > 0 && processAlive(pid));
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The pids of the processes whose command line names `runDir` (func-e and
 * Envoy carry their run folder in theirs): empty once a run is fully gone.
 * Linux only (it reads /proc).
 */
export function processesOfRun(runDir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(runDir)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}
