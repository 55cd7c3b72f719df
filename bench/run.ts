/**
 * `npm run bench` (npx tsx bench/run.ts [--quick]): what our filters cost,
 * measured side by side in one run on one machine, as ratios to Envoy with
 * no filter, beside Envoy's native equivalents and Go SDK peers. Writes
 * bench/results/latest.json and latest.md. Never part of `npm test`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { envoyToolchain } from "@envoyscript/testkit";
import { buildFloorModules } from "./floor/build.ts";
import { floorReport } from "./floor/floor-report.ts";
import { floorModules } from "./floor/modules.ts";
import { buildGoPeers } from "./lib/go-peer.ts";
import { makeJwtFixtures } from "./lib/jwt-fixtures.ts";
import { runLoad } from "./lib/load-runner.ts";
import { ascVersion, binaryVersion, machineInfo, type Versions } from "./lib/machine.ts";
import { parseOptions } from "./lib/options.ts";
import { HELLO_MODULE, RESULTS_DIR, filterModule } from "./lib/paths.ts";
import { BASELINE_ID, peerComparisons, ratiosToBaseline, renderMarkdown, type BenchReport } from "./lib/report.ts";
import { ensureWrk, wrkVersion } from "./lib/wrk.ts";
import { emulatorSubjects } from "./micro/emulator-subjects.ts";
import { driveThroughEmulator, type EmulatorResult } from "./micro/emulator-drive.ts";
import { measureAllocations } from "./micro/allocation.ts";
import { runJwtVerify } from "./micro/jwt-verify.ts";
import { moduleSizes } from "./micro/module-sizes.ts";
import { loadConfigurations } from "./scenarios/index.ts";

const progress = (line: string): void => void process.stderr.write(`bench: ${line}\n`);

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = Date.now();
  const machine = machineInfo();
  const toolchain = envoyToolchain();
  if (!options.skipLoad) ensureWrk(progress);
  const goPeers = buildGoPeers(progress);
  const jwt = makeJwtFixtures();
  const context = { jwt, goPeer: goPeers.modules };

  const versions: Versions = {
    envoy: toolchain.envoyPath ? binaryVersion(toolchain.envoyPath) : toolchain.envoyVersion,
    funcE: binaryVersion(toolchain.funcE, ["--version"]),
    node: process.versions.node,
    asc: ascVersion(),
    go: goPeers.goVersion,
    goSdk: goPeers.sdkVersion,
    wrk: options.skipLoad ? "—" : wrkVersion(),
  };

  const floor = options.skipFloor ? [] : floorModules();
  if (floor.length > 0) await buildFloorModules(floor);
  const configurations = loadConfigurations(context).filter(
    (configuration) =>
      (configuration.variant !== "floor" || !options.skipFloor) &&
      (options.only.length === 0 || configuration.id === BASELINE_ID || configuration.variant === "floor" || options.only.some((part) => configuration.id.includes(part))),
  );
  let load: BenchReport["load"] = null;
  let floorResult: BenchReport["floor"] = null;
  const run = options.skipLoad ? null : await runLoad(configurations, options, progress);
  const ratios = run ? ratiosToBaseline(run.results) : {};
  if (floor.length > 0) floorResult = await floorReport(configurations, floor, run?.results ?? [], ratios, BASELINE_ID, progress);
  if (run) load = { ...run, baselineId: BASELINE_ID, ratios, comparisons: peerComparisons(run.results, ratios, floorResult?.explained) };

  const sizes = moduleSizes([
    { name: "routing-headers", author: "ours", path: filterModule("routing-headers") },
    { name: "routing-headers", author: "go-peer", path: goPeers.modules["routing-headers"] ?? "go-peer/routing-headers.wasm" },
    { name: "jwt-authz", author: "ours", path: filterModule("jwt-authz") },
    { name: "jwt-authz", author: "go-peer", path: goPeers.modules["jwt-authz"] ?? "go-peer/jwt-authz.wasm" },
    { name: "fault-injection", author: "ours", path: filterModule("fault-injection") },
    { name: "telemetry", author: "ours", path: filterModule("telemetry") },
    { name: "hello", author: "example", path: HELLO_MODULE },
  ]);

  const emulator: EmulatorResult[] = [];
  let jwtVerify: BenchReport["jwtVerify"] = null;
  let allocation: BenchReport["allocation"] = null;
  if (!options.skipMicro) {
    progress("allocation costs of the AssemblyScript runtime (bench/assembly/allocation-probe.ts)");
    allocation = await measureAllocations(options.quick ? 200_000 : 1_000_000);
    for (const subject of emulatorSubjects(context)) {
      emulator.push(await driveThroughEmulator(subject, options.emulatorRequests, progress));
    }
    progress("JWT verification per algorithm (packages/filters/bench/jwt-verify.bench.ts)");
    jwtVerify = runJwtVerify(options.quick ? 0.25 : 1);
  }

  const report: BenchReport = {
    date: new Date(startedAt).toISOString(),
    quick: options.quick,
    machine: { ...machine, loadAverageAtEnd: os.loadavg()[0]! },
    versions,
    load,
    floor: floorResult,
    moduleSizes: sizes,
    emulator,
    jwtVerify,
    allocation,
    goPeerErrors: goPeers.errors,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const markdown = renderMarkdown(report);
  writeFileSync(path.join(RESULTS_DIR, "latest.json"), JSON.stringify(report, null, 2) + "\n");
  writeFileSync(path.join(RESULTS_DIR, "latest.md"), markdown);
  process.stdout.write(markdown);
  progress(`done in ${((Date.now() - startedAt) / 1000).toFixed(0)} s: ${path.relative(process.cwd(), path.join(RESULTS_DIR, "latest.md"))} and latest.json`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
