/**
 * Puts a run's tables into docs/BENCHMARKS.md: `npx tsx bench/publish.ts
 * [--allow-noisy] [--blocks results,instructions,cost-model]`. Replaces
 * what sits between `<!-- bench:<block> -->` and `<!-- /bench:<block> -->`:
 * `results` (bench/results/latest.md), `instructions`
 * (bench/results/instructions.md, from bench/floor-instructions.ts) and
 * `cost-model` (the unit costs of both, in one table). A `--quick` run, or
 * one whose load average exceeded the machine's cores, is noisy: its
 * results are refused unless `--allow-noisy`, and the cost model leaves its
 * µs out. The prose around the blocks is written by hand.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { UnitCost } from "./floor/explain.ts";
import { REPO_ROOT, RESULTS_DIR } from "./lib/paths.ts";
import type { BenchReport } from "./lib/report.ts";

const DOC = path.join(REPO_ROOT, "docs", "BENCHMARKS.md");

/** What bench/floor-instructions.ts writes to bench/results/instructions.json (the part read here). */
interface InstructionsReport {
  readonly date: string;
  readonly units: { kind: string; what: string; from: string; instructions: number }[];
}

function main(): void {
  const blocks = requestedBlocks();
  const latest = path.join(RESULTS_DIR, "latest.json");
  if (!existsSync(latest)) throw new Error(`${path.relative(REPO_ROOT, latest)} is missing: run npm run bench first`);
  const report = JSON.parse(readFileSync(latest, "utf8")) as BenchReport;
  const noise = noisy(report);
  if (blocks.has("results") && noise && !process.argv.includes("--allow-noisy")) {
    throw new Error(`the latest run is ${noise}, indicative only: run npm run bench on a quiet machine, or pass --allow-noisy to publish it anyway`);
  }
  const instructionsFile = path.join(RESULTS_DIR, "instructions.json");
  const instructions = existsSync(instructionsFile) ? (JSON.parse(readFileSync(instructionsFile, "utf8")) as InstructionsReport) : null;
  if (blocks.has("instructions") && !instructions) throw new Error(`${path.relative(REPO_ROOT, instructionsFile)} is missing: run npx tsx bench/floor-instructions.ts first`);

  let doc = readFileSync(DOC, "utf8");
  if (blocks.has("results")) doc = replaceBlock(doc, "results", readFileSync(path.join(RESULTS_DIR, "latest.md"), "utf8"));
  if (blocks.has("instructions") && instructions) doc = replaceBlock(doc, "instructions", readFileSync(path.join(RESULTS_DIR, "instructions.md"), "utf8"));
  if (blocks.has("cost-model")) doc = replaceBlock(doc, "cost-model", costModelTable(report, noise === null, instructions));
  writeFileSync(DOC, doc);
  process.stderr.write(`publish: ${[...blocks].join(", ")} of ${path.relative(REPO_ROOT, DOC)} updated (run of ${report.date}${instructions ? `, instruction counts of ${instructions.date}` : ""})\n`);
}

/** Why a run's times are not worth publishing, or null when it ran quick-free on a quiet machine. */
function noisy(report: BenchReport): string | null {
  if (report.quick) return "a --quick run";
  const load = Math.max(report.machine.loadAverageAtStart, report.machine.loadAverageAtEnd);
  return load > report.machine.nproc ? `from a busy machine (load average ${load.toFixed(1)} on ${report.machine.nproc} cores)` : null;
}

/**
 * The floor's unit costs (µs and CPU µs of a quiet run, instructions) and the
 * runtime's allocation costs (CPU time, which a busy machine does not
 * inflate much), one row each.
 */
function costModelTable(report: BenchReport, quiet: boolean, instructions: InstructionsReport | null): string {
  const units: { kind: string; what: string; instructions?: number }[] = instructions?.units ?? report.floor?.units ?? [];
  const timed = (kind: string): UnitCost | undefined => (quiet ? report.floor?.units.find((entry) => entry.kind === kind) : undefined);
  const us = (value: number | null | undefined): string => (value === null || value === undefined ? "—" : value.toFixed(2));
  const lines = [
    `Instructions from the callgrind counts of ${instructions?.date ?? "(none yet: run bench/floor-instructions.ts)"}; ` +
      (quiet ? `µs from the run of ${report.date}.` : `µs from the next quiet full run (the latest, of ${report.date}, was ${noisy(report)}); allocations from its CPU time.`),
    "",
    `| what | instructions (callgrind) | µs | Envoy CPU µs |`,
    `|---|---:|---:|---:|`,
    ...units.map((unit) => `| ${unit.kind}: ${unit.what} | ${unit.instructions === undefined ? "—" : Math.round(unit.instructions).toLocaleString("en")} | ${us(timed(unit.kind)?.us)} | ${us(timed(unit.kind)?.cpuUs)} |`),
    ...(report.allocation?.rows ?? []).map((row) => `| ${row.operation} (${row.allocations} allocation${row.allocations === 1 ? "" : "s"} in the AssemblyScript runtime, timed in Node's V8) | | ${(row.ns / 1000).toFixed(2)} | |`),
  ];
  return lines.join("\n") + "\n";
}

const BLOCKS = ["results", "instructions", "cost-model"] as const;

function requestedBlocks(): Set<string> {
  const at = process.argv.indexOf("--blocks");
  if (at < 0) return new Set(BLOCKS);
  const asked = (process.argv[at + 1] ?? "").split(",").filter(Boolean);
  const unknown = asked.filter((block) => !(BLOCKS as readonly string[]).includes(block));
  if (asked.length === 0 || unknown.length > 0) throw new Error(`--blocks takes a comma-separated list of ${BLOCKS.join(", ")}; got "${process.argv[at + 1] ?? ""}"`);
  return new Set(asked);
}

function replaceBlock(doc: string, block: string, content: string): string {
  const start = `<!-- bench:${block} -->`;
  const end = `<!-- /bench:${block} -->`;
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${path.relative(REPO_ROOT, DOC)} has no "${start}" … "${end}" block`);
  return `${doc.slice(0, from + start.length)}\n${content.trim()}\n${doc.slice(to)}`;
}

main();
