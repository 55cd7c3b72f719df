/** The machine and tool versions a result was measured on. */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "./paths.ts";

export interface MachineInfo {
  readonly nproc: number;
  readonly cpuModel: string;
  readonly memoryBytes: number;
  readonly kernel: string;
  /** 1-minute load average when the run started and when it ended: the machine may be shared. */
  loadAverageAtStart: number;
  loadAverageAtEnd: number;
}

export interface Versions {
  envoy: string;
  funcE: string;
  node: string;
  asc: string;
  go: string | null;
  goSdk: string | null;
  wrk: string;
}

export function machineInfo(): MachineInfo {
  return {
    nproc: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
    memoryBytes: os.totalmem(),
    kernel: `${os.type()} ${os.release()}`,
    loadAverageAtStart: os.loadavg()[0]!,
    loadAverageAtEnd: os.loadavg()[0]!,
  };
}

export function ascVersion(): string {
  const manifest = path.join(REPO_ROOT, "node_modules", "assemblyscript", "package.json");
  return (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
}

/** `--version` of a binary: the first version-looking token. */
export function binaryVersion(binary: string, args: string[] = ["--version"]): string {
  const result = spawnSync(binary, args, { encoding: "utf8" });
  const text = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  return /\d+\.\d+\.\d+[^\s/]*/.exec(text)?.[0] ?? "unknown";
}
