/**
 * The emulator's own speed against an earlier version of it, in one process,
 * interleaved: `npx tsx bench/emulator-versus.ts [--baseline <git ref>]
 * [--subject hello] [--rounds 8] [--requests 50000] [--only baseline|current]`.
 *
 * The baseline's testkit sources are taken from git (`git archive`) into
 * .cache/bench/, both hosts load the same module with the load-test
 * configuration and request of `npm run bench`, and rounds alternate which
 * one goes first. Prints each round and the medians of requests per second
 * of CPU time (this process's user + system time: on a shared machine, wall
 * time also counts the other processes' turns) and of wall time, and the
 * ratio current ÷ baseline. `--only` drives one of the two, for
 * `node --cpu-prof`.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { makeJwtFixtures } from "./lib/jwt-fixtures.ts";
import { REPO_ROOT } from "./lib/paths.ts";
import { median } from "./lib/statistics.ts";
import { emulatorSubjects } from "./micro/emulator-subjects.ts";

interface EmulatorModule {
  Host: new (options?: { logLevel?: string }) => {
    loadPlugin(options: { wasm: string; rootId: string; configuration: unknown }): Promise<{ request(input: unknown): Promise<{ status: number }> }>;
    logs: { clear(): void };
  };
}

const WARMUP_REQUESTS = 5_000;
const LOG_CLEAR_EVERY = 10_000;

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}

/** The baseline's emulator entry, exported from git once per commit. */
function baselineEntry(ref: string): string {
  const commit = execFileSync("git", ["rev-parse", ref], { cwd: REPO_ROOT, encoding: "utf8" }).trim();
  const dir = path.join(REPO_ROOT, ".cache", "bench", `testkit-${commit.slice(0, 12)}`);
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true });
    const archive = execFileSync("git", ["archive", commit, "packages/testkit/src"], { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 });
    execFileSync("tar", ["-x", "-C", dir], { input: archive });
  }
  return path.join(dir, "packages/testkit/src/emulator/index.ts");
}

async function driver(entry: string, subject: ReturnType<typeof emulatorSubjects>[number]) {
  const { Host } = (await import(pathToFileURL(entry).href)) as EmulatorModule;
  const host = new Host({ logLevel: "warn" });
  const plugin = await host.loadPlugin({ wasm: subject.module, rootId: subject.rootId, configuration: subject.configuration });
  const first = await plugin.request(subject.request);
  if (first.status !== subject.expectStatus) throw new Error(`${entry}: first request answered ${first.status}`);
  const drive = async (requests: number): Promise<Rate> => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < requests; i++) {
      await plugin.request(subject.request);
      if (i % LOG_CLEAR_EVERY === 0) host.logs.clear();
    }
    const wallSeconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    return { cpu: requests / ((used.user + used.system) / 1e6), wall: requests / wallSeconds };
  };
  await drive(WARMUP_REQUESTS);
  return drive;
}

/** Requests per second of this process's CPU time, and of wall time. */
interface Rate {
  cpu: number;
  wall: number;
}

async function main(): Promise<void> {
  const name = option("--subject", "hello");
  const rounds = Number(option("--rounds", "8"));
  const requests = Number(option("--requests", "50000"));
  const only = option("--only", "");
  const subject = emulatorSubjects({ jwt: makeJwtFixtures(), goPeer: {} }).find((entry) => entry.name === name && entry.author !== "go-peer");
  if (!subject) throw new Error(`no emulator subject "${name}"`);
  const entries = {
    baseline: baselineEntry(option("--baseline", "main")),
    current: path.join(REPO_ROOT, "packages/testkit/src/emulator/index.ts"),
  };
  const drivers: Record<string, (requests: number) => Promise<Rate>> = {};
  for (const [label, entry] of Object.entries(entries)) if (!only || only === label) drivers[label] = await driver(entry, subject);
  const seen: Record<string, Rate[]> = Object.fromEntries(Object.keys(drivers).map((label) => [label, []]));
  for (let round = 0; round < rounds; round++) {
    const order = Object.keys(drivers);
    if (round % 2 === 1) order.reverse();
    const line: string[] = [];
    for (const label of order) {
      const rate = await drivers[label]!(requests);
      seen[label]!.push(rate);
      line.push(`${label} ${Math.round(rate.cpu)}/cpu-s ${Math.round(rate.wall)}/s`);
    }
    console.log(`round ${round + 1}: ${line.join(", ")}`);
  }
  const medians = (label: string) => ({ cpu: median(seen[label]!.map((rate) => rate.cpu)), wall: median(seen[label]!.map((rate) => rate.wall)) });
  console.log(`subject: ${subject.name} (${subject.module}), ${rounds} rounds of ${requests} requests`);
  for (const label of Object.keys(seen)) {
    const { cpu, wall } = medians(label);
    console.log(`${label}: median ${Math.round(cpu)} requests per CPU-second, ${Math.round(wall)} per wall-second`);
  }
  if (seen.baseline && seen.current) {
    const [current, baseline] = [medians("current"), medians("baseline")];
    // Each round measured both back to back: the median of the rounds' own ratios is the steadiest figure.
    const paired = median(seen.current.map((rate, round) => rate.cpu / seen.baseline![round]!.cpu));
    console.log(`current ÷ baseline: ${paired.toFixed(2)} (median of the rounds' CPU-time ratios); ratio of medians ${(current.cpu / baseline.cpu).toFixed(2)} (CPU time), ${(current.wall / baseline.wall).toFixed(2)} (wall time)`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator-versus: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
