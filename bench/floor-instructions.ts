/**
 * Instructions per request in the Envoy process, counted by Valgrind's
 * callgrind: `npx tsx bench/floor-instructions.ts [--requests N] [--warmup N]
 * [--only id,id]`. Counts do not move with the machine's load, where the
 * load benchmark's times do: this checks the floor's unit costs (in
 * instructions), that they are linear in the calls made (header-get ×1,
 * ×10, ×20), and each Wasm row's explained floor. Slow, since Envoy runs
 * ~50× slower under Valgrind (about a minute per configuration); not part of
 * `npm run bench`. Writes bench/results/instructions.json and .md.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { provisionEnvoy, startEnvoy } from "@envoyscript/testkit";
import { countCalls } from "./floor/call-counts.ts";
import { buildFloorModules } from "./floor/build.ts";
import { explainFloor, unitCosts, type AddedCost } from "./floor/explain.ts";
import { EQUIVALENT_IDS, floorModules, repeatedUnitModule } from "./floor/modules.ts";
import { ensureDebianTool } from "./lib/debian-tool.ts";
import { connectHttp1 } from "./lib/http1-client.ts";
import { makeJwtFixtures } from "./lib/jwt-fixtures.ts";
import { RESULTS_DIR, WORK_DIR } from "./lib/paths.ts";
import { BASELINE_ID } from "./lib/report.ts";
import { floorConfigurations } from "./scenarios/floor.ts";
import { loadConfigurations } from "./scenarios/index.ts";
import type { LoadConfiguration } from "./scenarios/types.ts";

const LINEARITY = { kind: "header-get", repeats: [1, 20] };
const OUT_DIR = path.join(WORK_DIR, "callgrind");
const IDLE_WINDOW_MS = 5_000;
const progress = (line: string): void => void process.stderr.write(`floor-instructions: ${line}\n`);

interface Counted {
  readonly id: string;
  readonly label: string;
  status: "counted" | "failed" | "not built";
  reason?: string;
  /** Instructions per request, Envoy's background work (measured while idle) taken out. */
  instructionsPerRequest?: number;
  /** The background work taken out, per request. */
  backgroundPerRequest?: number;
}

async function main(): Promise<void> {
  const options = parseArguments(process.argv.slice(2));
  ensureDebianTool("valgrind", "valgrind", "https://valgrind.org", progress);
  const floor = floorModules();
  const linearityModules = LINEARITY.repeats.map((repeat) => repeatedUnitModule(LINEARITY.kind, repeat));
  await buildFloorModules([...floor, ...linearityModules]);
  const context = { jwt: makeJwtFixtures(), goPeer: {} };
  const linearity = floorConfigurations(context, linearityModules);
  const configurations = [...loadConfigurations(context), ...linearity].filter(
    (configuration) => configuration.variant !== "go-peer" && (options.only.length === 0 || configuration.id === BASELINE_ID || options.only.some((part) => configuration.id.includes(part))),
  );
  useCallgrindEnvoy();

  const counted: Counted[] = [];
  for (const configuration of configurations) counted.push(await countInstructions(configuration, options));
  const baseline = counted.find((entry) => entry.id === BASELINE_ID)?.instructionsPerRequest;
  if (baseline === undefined) throw new Error("the no-filter baseline was not counted: nothing to compare with");
  // The floor's arithmetic (bench/floor/explain.ts), on instructions instead of µs.
  const added = (id: string): AddedCost | undefined => {
    const value = counted.find((entry) => entry.id === id)?.instructionsPerRequest;
    return value === undefined ? undefined : { us: value - baseline, cpuUs: null };
  };
  const units = unitCosts(floor, added);
  const linear = [...floor, ...linearityModules]
    .filter((module) => module.unit?.kind === LINEARITY.kind)
    .map((module) => {
      const base = added(module.unit!.base)?.us;
      return { id: module.id, repeat: module.unit!.repeat, perCall: base === undefined ? undefined : ((added(module.id)?.us ?? Number.NaN) - base) / module.unit!.repeat };
    });
  const explained = [];
  for (const configuration of configurations.filter((entry) => entry.plugin && (entry.variant !== "floor" || EQUIVALENT_IDS.includes(entry.id)))) {
    const measured = added(configuration.id);
    if (!measured) continue;
    const row = explainFloor(await countCalls(configuration), units, measured, 1);
    if (row) explained.push(row);
  }

  const markdown = [
    `Valgrind ${execFileSync("valgrind", ["--version"], { encoding: "utf8" }).trim()}, Envoy under callgrind (all threads), one connection sending the load test's request bytes one request at a time: ${options.warmup} warm-up requests, then ${options.requests} counted; Envoy's background work (its rate over ${IDLE_WINDOW_MS / 1000} s without requests) taken out.`,
    "",
    `| configuration | instructions / request | added over no filter |`,
    `|---|---:|---:|`,
    ...counted.map((entry) =>
      entry.instructionsPerRequest === undefined
        ? `| ${entry.label} | ${entry.status}${entry.reason ? `: ${entry.reason}` : ""} | |`
        : `| ${entry.label} | ${Math.round(entry.instructionsPerRequest).toLocaleString("en")} | ${Math.round(entry.instructionsPerRequest - baseline).toLocaleString("en")} |`,
    ),
    "",
    `Unit costs in instructions, by the floor's arithmetic (bench/floor/explain.ts):`,
    "",
    `| unit | instructions per unit | from |`,
    `|---|---:|---|`,
    ...units.map((unit) => `| ${unit.kind} | ${Math.round(unit.us).toLocaleString("en")} | ${unit.from} |`),
    "",
    `Linearity of ${LINEARITY.kind}: instructions per call over the module its calls are added to (the map indexed), by calls per request.`,
    "",
    `| module | calls per request | instructions per call |`,
    `|---|---:|---:|`,
    ...linear.sort((a, b) => a.repeat - b.repeat).map((entry) => `| ${entry.id} | ${entry.repeat} | ${entry.perCall === undefined ? "—" : Math.round(entry.perCall).toLocaleString("en")} |`),
    "",
    `Explained floor in instructions (counts per request from the emulator × the units above) against the instructions each row adds:`,
    "",
    `| configuration | explained floor (instructions) | added | remainder | remainder share |`,
    `|---|---:|---:|---:|---:|`,
    ...explained.map((row) => `| ${row.id} | ${Math.round(row.explainedUs).toLocaleString("en")} | ${Math.round(row.measuredUs).toLocaleString("en")} | ${Math.round(row.remainderUs).toLocaleString("en")} | ${((row.remainderUs / row.measuredUs) * 100).toFixed(0)} % |`),
    "",
  ].join("\n");
  mkdirSync(RESULTS_DIR, { recursive: true });
  const unitInstructions = units.map(({ kind, what, from, us }) => ({ kind, what, from, instructions: us }));
  writeFileSync(path.join(RESULTS_DIR, "instructions.json"), JSON.stringify({ date: new Date().toISOString(), options, counted, units: unitInstructions, linearity: linear, explained }, null, 2) + "\n");
  writeFileSync(path.join(RESULTS_DIR, "instructions.md"), markdown);
  process.stdout.write(markdown);
}

/** Makes the testkit start Envoy under callgrind, with instrumentation off until the counted requests. */
function useCallgrindEnvoy(): void {
  const envoy = provisionEnvoy({ progress }).envoyPath;
  if (!envoy) throw new Error("no Envoy binary was provisioned (func-e would download one): set ENVOY_PATH or provision the cache");
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  const wrapper = path.join(OUT_DIR, "envoy-under-callgrind.sh");
  const valgrind = ["valgrind", "--tool=callgrind", "--instr-atstart=no", "--smc-check=all-non-file", `--callgrind-out-file=${OUT_DIR}/callgrind.out.%p`, `--log-file=${OUT_DIR}/valgrind.%p.log`];
  writeFileSync(wrapper, `#!/bin/sh\n# Envoy under callgrind, for bench/floor-instructions.ts (V8 writes code at run time: --smc-check).\nexec ${valgrind.join(" ")} "${envoy}" "$@"\n`);
  chmodSync(wrapper, 0o755);
  process.env.ENVOY_PATH = wrapper;
}

async function countInstructions(configuration: LoadConfiguration, options: Options): Promise<Counted> {
  const result: Counted = { id: configuration.id, label: configuration.label, status: "counted" };
  const missing = configuration.modules.filter((module) => !existsSync(module));
  if (missing.length > 0) return { ...result, status: "not built", reason: `missing ${missing.map((module) => path.basename(module)).join(", ")}` };
  progress(`${configuration.id}: starting Envoy under callgrind`);
  const envoy = await startEnvoy({ filters: [], upstreams: [], bootstrap: configuration.bootstrap(), concurrency: 1, logLevel: "warning", componentLogLevel: "wasm:warning", readyTimeoutMs: 600_000 });
  try {
    const pid = valgrindPid(envoy.runDir);
    const client = await connectHttp1(envoy.listenerPort, configuration.request);
    const first = await client.send(0);
    if (first !== configuration.expect.status) return { ...result, status: "failed", reason: `answered ${first} (expected ${configuration.expect.status})` };
    for (let i = 1; i < options.warmup; i++) await client.send(i);
    // Envoy's timers (stats flush, watchdogs) run whether or not requests come:
    // their rate over an idle window is subtracted from the counted window.
    execFileSync("callgrind_control", ["--instr=on", String(pid)], { stdio: "ignore" });
    const idleStarted = performance.now();
    await new Promise((resolve) => setTimeout(resolve, IDLE_WINDOW_MS));
    execFileSync("callgrind_control", ["--dump", String(pid)], { stdio: "ignore" });
    const idleRate = dumpedInstructions(pid, 1) / (performance.now() - idleStarted);
    const started = performance.now();
    for (let i = 0; i < options.requests; i++) await client.send(options.warmup + i);
    execFileSync("callgrind_control", ["--dump", String(pid)], { stdio: "ignore" });
    const elapsed = performance.now() - started;
    client.close();
    result.backgroundPerRequest = (idleRate * elapsed) / options.requests;
    result.instructionsPerRequest = dumpedInstructions(pid, 2) / options.requests - result.backgroundPerRequest;
    progress(`${configuration.id}: ${Math.round(result.instructionsPerRequest)} instructions per request`);
    return result;
  } catch (error) {
    return { ...result, status: "failed", reason: (error as Error).message.split("\n")[0] };
  } finally {
    await envoy.stop();
  }
}

/** The Valgrind process running the Envoy of `runDir` (its command line names the run folder). */
function valgrindPid(runDir: string): number {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let argv = "";
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, "utf8");
    } catch {
      continue;
    }
    if (argv.includes("--tool=callgrind") && argv.includes(runDir)) return Number(entry);
  }
  throw new Error(`no callgrind process found for ${runDir}`);
}

/** `totals:` of the n-th dump callgrind_control asked for (`callgrind.out.<pid>.<n>`): what ran since the previous one. */
function dumpedInstructions(pid: number, part: number): number {
  const dump = path.join(OUT_DIR, `callgrind.out.${pid}.${part}`);
  const totals = /^totals:\s*(\d+)/m.exec(readFileSync(dump, "utf8"))?.[1];
  if (totals === undefined) throw new Error(`no totals line in ${dump}`);
  return Number(totals);
}

interface Options {
  readonly requests: number;
  readonly warmup: number;
  readonly only: readonly string[];
}

function parseArguments(argv: readonly string[]): Options {
  const value = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const count = (flag: string, fallback: number): number => {
    const text = value(flag);
    const parsed = text === undefined ? fallback : Number(text);
    if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${flag} takes a positive integer, got "${text}"`);
    return parsed;
  };
  return { requests: count("--requests", 1000), warmup: count("--warmup", 1000), only: (value("--only") ?? "").split(",").filter(Boolean) };
}

main().catch((error: unknown) => {
  process.stderr.write(`floor-instructions: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
