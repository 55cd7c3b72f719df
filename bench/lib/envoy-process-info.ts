/**
 * Finds the Envoy process behind a testkit EnvoyInstance (func-e runs it
 * with the run folder's bootstrap path on its command line), to pin it to a
 * core and read its resident memory. Reads /proc only.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";

export function findEnvoyPid(runDir: string): number | null {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
    } catch {
      continue;
    }
    const program = argv[0] ?? "";
    if (/(^|\/)envoy$/.test(program) && argv.some((arg) => arg.startsWith(runDir))) return Number(entry);
  }
  return null;
}

/** Pins every thread of `pid` to `cpus` (taskset -a); false when taskset is missing or refused. */
export function pinProcess(pid: number, cpus: string): boolean {
  const result = spawnSync("taskset", ["-a", "-p", "-c", cpus, String(pid)], { stdio: "ignore" });
  return result.status === 0;
}

/** Resident set size in bytes (VmRSS), or null when the process is gone. */
export function residentBytes(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Time the threads of a process spent on a CPU, and runnable but waiting for one, in ns. */
export interface SchedulerTimes {
  readonly cpuNs: number;
  readonly waitNs: number;
}

/**
 * Summed over every thread of `pid` (/proc/<pid>/task/<tid>/schedstat), or
 * null when the process is gone. CPU time per request does not grow when
 * other work takes the core away, where 1/rps does: a cross-check on a
 * shared machine.
 */
export function schedulerTimes(pid: number): SchedulerTimes | null {
  const tasks = `/proc/${pid}/task`;
  let cpuNs = 0;
  let waitNs = 0;
  try {
    for (const task of readdirSync(tasks)) {
      const [onCpu, waiting] = readFileSync(path.join(tasks, task, "schedstat"), "utf8").trim().split(/\s+/).map(Number);
      cpuNs += onCpu ?? 0;
      waitNs += waiting ?? 0;
    }
  } catch {
    return null;
  }
  return { cpuNs, waitNs };
}
