/**
 * The Envoy load benchmark: one Envoy per configuration (func-e, one
 * worker), all started first, then warm-up and rounds in which every
 * configuration gets the same load in turn (the starting configuration
 * rotates each round), so drift of the machine spreads over all rows.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEnvoy, type EnvoyInstance } from "@envoyscript/testkit";
import type { LoadConfiguration } from "../scenarios/types.ts";
import { findEnvoyPid, pinProcess, residentBytes, schedulerTimes, type SchedulerTimes } from "./envoy-process-info.ts";
import { WORK_DIR } from "./paths.ts";
import { spread, type Spread } from "./statistics.ts";
import { runWrk, type WrkResult } from "./wrk.ts";
import { wrkScript } from "./wrk-script.ts";

export interface LoadSettings {
  readonly warmupSeconds: number;
  readonly rounds: number;
  readonly roundSeconds: number;
  readonly connections: number;
}

export interface RoundSample {
  readonly round: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Responses other than 2xx/3xx plus socket errors and timeouts. */
  readonly errors: number;
  /** Envoy's CPU time (all threads) per request during the round; null when it could not be read. */
  readonly cpuUsPerRequest: number | null;
  /** Time Envoy's threads were runnable but waited for a CPU, per request: how much other work got in the way. */
  readonly waitUsPerRequest: number | null;
}

export interface ConfigurationResult {
  readonly id: string;
  readonly family: string;
  readonly variant: LoadConfiguration["variant"];
  readonly label: string;
  status: "measured" | "not built" | "failed";
  reason?: string;
  rounds: RoundSample[];
  rps?: Spread;
  p50Ms?: Spread;
  p99Ms?: Spread;
  /** Envoy's CPU µs per request over the rounds (see RoundSample). */
  cpuUs?: Spread;
  /** Envoy's resident memory after all rounds. */
  envoyRssBytes?: number;
}

export interface LoadRun {
  readonly settings: LoadSettings;
  /** Envoy on CPU 0, wrk on CPU 1 (taskset), when the machine has two cores or more. */
  readonly pinned: boolean;
  readonly results: ConfigurationResult[];
}

interface Running {
  readonly configuration: LoadConfiguration;
  readonly result: ConfigurationResult;
  readonly envoy: EnvoyInstance;
  readonly script: string;
  readonly pid: number | null;
}

const ENVOY_CPU = "0";
const WRK_CPU = "1";

export async function runLoad(configurations: readonly LoadConfiguration[], settings: LoadSettings, progress: (line: string) => void): Promise<LoadRun> {
  const canPin = os.availableParallelism() >= 2;
  const results: ConfigurationResult[] = [];
  const running: Running[] = [];
  const scriptDir = path.join(WORK_DIR, "wrk");
  mkdirSync(scriptDir, { recursive: true });
  let pinned = canPin;
  try {
    for (const configuration of configurations) {
      const result: ConfigurationResult = { id: configuration.id, family: configuration.family, variant: configuration.variant, label: configuration.label, status: "measured", rounds: [] };
      results.push(result);
      const missing = configuration.modules.filter((module) => !existsSync(module));
      if (missing.length > 0) {
        result.status = "not built";
        result.reason = `missing ${missing.map((module) => path.basename(module)).join(", ")}`;
        progress(`${configuration.id}: not built (${result.reason})`);
        continue;
      }
      const started = await startConfiguration(configuration, result, scriptDir, progress);
      if (!started) continue;
      if (started.pid === null || (canPin && !pinProcess(started.pid, ENVOY_CPU))) pinned = false;
      running.push(started);
    }
    const wrkCpus = pinned ? WRK_CPU : null;
    const load = async (entry: Running, seconds: number): Promise<Measured> => {
      const before = entry.pid === null ? null : schedulerTimes(entry.pid);
      const wrk = await runWrk({ url: entry.envoy.listenerUrl, script: entry.script, seconds, connections: settings.connections, cpus: wrkCpus });
      const after = entry.pid === null ? null : schedulerTimes(entry.pid);
      return { wrk, scheduler: before && after ? { cpuNs: after.cpuNs - before.cpuNs, waitNs: after.waitNs - before.waitNs } : null };
    };

    progress(`warm-up: ${settings.warmupSeconds} s per configuration (${running.length} configurations)`);
    for (const entry of running) await tolerate(entry, () => load(entry, settings.warmupSeconds));
    for (let round = 0; round < settings.rounds; round++) {
      progress(`round ${round + 1}/${settings.rounds}: ${settings.roundSeconds} s per configuration`);
      const order = rotate(running, round);
      for (const entry of order) {
        if (entry.result.status !== "measured") continue;
        await tolerate(entry, async () => entry.result.rounds.push(sample(round, await load(entry, settings.roundSeconds))));
      }
    }
    for (const entry of running) {
      const samples = entry.result.rounds;
      if (entry.result.status !== "measured" || samples.length === 0) continue;
      entry.result.rps = spread(samples.map((s) => s.rps));
      entry.result.p50Ms = spread(samples.map((s) => s.p50Ms));
      entry.result.p99Ms = spread(samples.map((s) => s.p99Ms));
      const cpu = samples.map((s) => s.cpuUsPerRequest).filter((value): value is number => value !== null);
      if (cpu.length === samples.length) entry.result.cpuUs = spread(cpu);
      const rss = entry.pid === null ? null : residentBytes(entry.pid);
      if (rss !== null) entry.result.envoyRssBytes = rss;
    }
  } finally {
    await Promise.all(running.map((entry) => entry.envoy.stop()));
  }
  return { settings, pinned, results };
}

async function startConfiguration(configuration: LoadConfiguration, result: ConfigurationResult, scriptDir: string, progress: (line: string) => void): Promise<Running | null> {
  progress(`starting Envoy for ${configuration.id}`);
  let envoy: EnvoyInstance;
  try {
    envoy = await startEnvoy({
      filters: [],
      upstreams: [],
      bootstrap: configuration.bootstrap(),
      concurrency: 1,
      // Filters' per-request info logs would measure the logger.
      logLevel: "warning",
      componentLogLevel: "wasm:warning",
      readyTimeoutMs: 120_000,
    });
  } catch (error) {
    result.status = "failed";
    result.reason = `Envoy did not start: ${firstLines((error as Error).message)}`;
    progress(`${configuration.id}: ${result.reason}`);
    return null;
  }
  const problem = await sanityProblem(configuration, envoy);
  if (problem) {
    result.status = "failed";
    result.reason = problem;
    progress(`${configuration.id}: ${problem}`);
    await envoy.stop();
    return null;
  }
  const script = path.join(scriptDir, `${configuration.id.replace(/[^a-z0-9-]+/gi, "_")}.lua`);
  writeFileSync(script, wrkScript(configuration.request));
  return { configuration, result, envoy, script, pid: findEnvoyPid(envoy.runDir) };
}

/** Null when one request gets what the configuration promises; else what went wrong. */
async function sanityProblem(configuration: LoadConfiguration, envoy: EnvoyInstance): Promise<string | null> {
  const { request, expect } = configuration;
  const headers = { ...request.headers };
  if (request.rotateTokens?.[0]) headers.authorization = `Bearer ${request.rotateTokens[0]}`;
  try {
    const response = await fetch(`${envoy.listenerUrl}${request.path}`, { headers });
    const body = await response.text();
    if (response.status !== expect.status) return `sanity request answered ${response.status} (expected ${expect.status}): ${body.slice(0, 200)}`;
    if (expect.body !== undefined && body !== expect.body) return `sanity request body was ${JSON.stringify(body.slice(0, 100))} (expected ${JSON.stringify(expect.body)})`;
    if (expect.header) {
      const [name, value] = expect.header;
      if (response.headers.get(name) !== value) return `sanity response header ${name} was ${JSON.stringify(response.headers.get(name))} (expected ${JSON.stringify(value)})`;
    }
    return null;
  } catch (error) {
    return `sanity request failed: ${(error as Error).message}`;
  }
}

async function tolerate(entry: Running, body: () => Promise<unknown>): Promise<void> {
  if (entry.result.status !== "measured") return;
  try {
    await body();
  } catch (error) {
    entry.result.status = "failed";
    entry.result.reason = firstLines((error as Error).message);
  }
}

interface Measured {
  readonly wrk: WrkResult;
  /** Envoy's scheduler times over the wrk run. */
  readonly scheduler: SchedulerTimes | null;
}

function sample(round: number, { wrk, scheduler }: Measured): RoundSample {
  const errors = wrk.errors.status + wrk.errors.connect + wrk.errors.read + wrk.errors.write + wrk.errors.timeout;
  const perRequest = (ns: number): number | null => (wrk.requests > 0 ? ns / 1000 / wrk.requests : null);
  return {
    round,
    rps: wrk.requests / (wrk.durationUs / 1e6),
    p50Ms: wrk.latencyUs.p50 / 1000,
    p99Ms: wrk.latencyUs.p99 / 1000,
    errors,
    cpuUsPerRequest: scheduler ? perRequest(scheduler.cpuNs) : null,
    waitUsPerRequest: scheduler ? perRequest(scheduler.waitNs) : null,
  };
}

function rotate<T>(items: readonly T[], by: number): T[] {
  if (items.length === 0) return [];
  const offset = by % items.length;
  return [...items.slice(offset), ...items.slice(0, offset)];
}

function firstLines(text: string, count = 6): string {
  return text.split("\n").slice(0, count).join(" | ");
}
