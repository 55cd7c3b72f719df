// `envoyscript run` as a user starts it: the built bin in a child process,
// its output collected, its readiness and its end awaited.
import { spawn, type ChildProcessByStdio } from "node:child_process";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../../bin/envoyscript.js", import.meta.url));

/** How a `run` process ended and how long after it was spawned. */
export interface RunExit {
  readonly code: number | null;
  readonly elapsedMs: number;
  /** Wall-clock time of the end (ms since the epoch), to set against Envoy's log timestamps. */
  readonly endedAt: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** What a ready `run` printed. */
export interface RunReady {
  /** `listener: <url>` lines, in order. */
  readonly listeners: string[];
  readonly admin: string;
  /** The run folder of its Envoy (bootstrap, logs). */
  readonly runDir: string;
}

export class RunProcess {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  stdout = "";
  stderr = "";
  readonly exited: Promise<RunExit>;

  constructor(args: readonly string[]) {
    const started = performance.now();
    this.child = spawn(process.execPath, [CLI, "run", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    this.child.stdout.setEncoding("utf8").on("data", (chunk: string) => (this.stdout += chunk));
    this.child.stderr.setEncoding("utf8").on("data", (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) =>
      this.child.on("exit", (code) => resolve({ code, elapsedMs: performance.now() - started, endedAt: Date.now(), stdout: this.stdout, stderr: this.stderr })),
    );
  }

  /** Resolves once `run` printed its URLs; rejects if it exits first. */
  ready(): Promise<RunReady> {
    return new Promise((resolve, reject) => {
      const timer = setInterval(() => {
        const logs = /logs:\s+(\S+)\/stderr\.log/.exec(this.stdout);
        const admin = /admin:\s+(http:\/\/\S+)/.exec(this.stdout);
        if (logs && admin) {
          clearInterval(timer);
          resolve({ listeners: [...this.stdout.matchAll(/listener: (http:\/\/\S+)/g)].map((match) => match[1]), admin: admin[1], runDir: logs[1] });
        }
      }, 50);
      void this.exited.then((exit) => {
        clearInterval(timer);
        reject(new Error(`run exited early with ${exit.code}:\n${exit.stdout}\n${exit.stderr}`));
      });
    });
  }

  /** Sends `signal` and waits for the end. */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<RunExit> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

/** Runs `envoyscript run <args>` to its end (for the paths where it must exit by itself). */
export function runToExit(args: readonly string[]): Promise<RunExit> {
  return new RunProcess(args).exited;
}

/**
 * When Envoy exited, from its `... exiting` log line in `run --verbose`'s log
 * tail (Envoy stamps lines with local time, as `Date` parses a time without
 * a zone).
 */
export function envoyExitedAt(stderr: string): number {
  const lines = [...stderr.matchAll(/^\[(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})\].*\] exiting$/gm)];
  const last = lines.at(-1);
  if (!last) throw new Error(`no "exiting" line of Envoy in:\n${stderr}`);
  return new Date(`${last[1]}T${last[2]}`).getTime();
}
