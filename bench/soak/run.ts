/**
 * `npm run soak` at the repository root: the four filters chained in real
 * Envoy (2 workers) in front of Node upstreams on loopback, driven by wrk
 * with mixed traffic whose every request has a known set of allowed answers
 * (traffic.ts). Samples Envoy's RSS every 5 s and reads its wasm stats at the
 * end. Passes when no request got an answer its class does not allow, chaos
 * aborts stay within binomial bounds, no VM failed, and RSS grew less than
 * 1 MiB per worker per 10 minutes over the second half of the run. Never part
 * of `npm test`.
 *
 *   npm run soak -- [--minutes N] [--quick] [--connections C]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startEnvoy } from "@envoyscript/testkit";
import { findEnvoyPid, residentBytes } from "../lib/envoy-process-info.ts";
import { WORK_DIR } from "../lib/paths.ts";
import { ensureWrk, runWrkForLine } from "../lib/wrk.ts";
import { ABORT_PERCENT, DESTINATION_HEADER, UPSTREAM_NAMES, makeTokens, soakFilters, startSoakUpstream } from "./chain.ts";
import { CLASSES, COUNTS_MARKER, soakScript } from "./traffic.ts";
import { evaluate, formatReport, type RssSample } from "./verdict.ts";

const WORKERS = 2;
const RSS_SAMPLE_MS = 5000;

function readOptions(): { minutes: number; connections: number } {
  const { values } = parseArgs({ options: { minutes: { type: "string", default: "10" }, quick: { type: "boolean", default: false }, connections: { type: "string", default: "8" } } });
  const minutes = values.quick ? 1 : Number(values.minutes);
  const connections = Number(values.connections);
  if (!(minutes > 0) || !Number.isInteger(connections) || connections < 1) {
    console.error(`soak: --minutes must be a positive number and --connections a positive whole number\nusage: npm run soak -- [--minutes N] [--quick] [--connections C]`);
    process.exit(2);
  }
  return { minutes, connections };
}

async function main(): Promise<void> {
  const { minutes, connections } = readOptions();
  const progress = (line: string) => console.log(`soak: ${line}`);
  ensureWrk(progress);
  const tokens = makeTokens();
  const upstreams = await Promise.all(UPSTREAM_NAMES.map((name) => startSoakUpstream(name)));
  const envoy = await startEnvoy({
    filters: soakFilters(tokens).map((wasm) => ({ wasm })),
    upstreams: upstreams.map((upstream) => ({ name: upstream.name, port: upstream.port })),
    clusterHeader: DESTINATION_HEADER,
    concurrency: WORKERS,
    componentLogLevel: "wasm:warn",
    logLevel: "warn",
  });
  const pid = findEnvoyPid(envoy.runDir);
  if (pid === null) throw new Error(`cannot find the Envoy process of run folder ${envoy.runDir}`);
  progress(`Envoy ${pid} (${WORKERS} workers) on ${envoy.listenerUrl}; ${connections} wrk connections for ${minutes} min`);

  const statsBefore = await envoy.stats("wasm");
  const rss: RssSample[] = [];
  const started = Date.now();
  const sampleRss = () => {
    const bytes = residentBytes(pid);
    if (bytes !== null) rss.push({ seconds: (Date.now() - started) / 1000, bytes });
  };
  sampleRss();
  const sampler = setInterval(sampleRss, RSS_SAMPLE_MS);
  const scripts = path.join(WORK_DIR, "soak");
  mkdirSync(scripts, { recursive: true });
  try {
    const runs = Array.from({ length: connections }, (_, process) => {
      const script = path.join(scripts, `soak-${process}.lua`);
      writeFileSync(script, soakScript(tokens, process));
      return runWrkProcess(envoy.listenerUrl, script, Math.round(minutes * 60));
    });
    const perProcess = await Promise.all(runs);
    sampleRss();
    clearInterval(sampler);
    const counts: Record<string, number> = {};
    for (const process of perProcess) for (const [key, n] of Object.entries(process)) counts[key] = (counts[key] ?? 0) + n;
    const stats = await envoy.stats("wasm");
    const verdict = evaluate({ counts, rss, statsBefore, stats, workers: WORKERS, abortPercent: ABORT_PERCENT, classes: CLASSES, minutes });
    console.log(formatReport(verdict));
    process.exitCode = verdict.passed ? 0 : 1;
  } finally {
    clearInterval(sampler);
    await envoy.stop();
    await Promise.all(upstreams.map((upstream) => upstream.close()));
  }
}

/** One wrk process with one connection (so responses map to requests in order); resolves to its counts. */
async function runWrkProcess(url: string, script: string, seconds: number): Promise<Record<string, number>> {
  const line = await runWrkForLine(["-t1", "-c1", `-d${seconds}s`, "--timeout", "10s", "-s", script, url], COUNTS_MARKER);
  return JSON.parse(line) as Record<string, number>;
}

await main();
