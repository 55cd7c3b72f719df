/**
 * Puts a run's tables into docs/BENCHMARKS.md: `npx tsx bench/publish.ts
 * [--allow-quick] [--blocks results,instructions,cost-model]`. Replaces what sits between `<!-- bench:<block> -->` and
 * `<!-- /bench:<block> -->`: `results` (bench/results/latest.md),
 * `instructions` (bench/results/instructions.md, from
 * bench/floor-instructions.ts, when there is one) and `cost-model` (the unit
 * costs of both, in one table). The prose around them is written by hand.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { UnitCost } from "./floor/explain.ts";
import { REPO_ROOT, RESULTS_DIR } from "./lib/paths.ts";
import type { BenchReport } from "./lib/report.ts";

const DOC = path.join(REPO_ROOT, "docs", "BENCHMARKS.md");

interface InstructionsReport {
  readonly date: string;
  readonly units: UnitCost[];
}

function main(): void {
  const blocks = requestedBlocks();
  const latest = path.join(RESULTS_DIR, "latest.json");
  if (!existsSync(latest)) throw new Error(`${path.relative(REPO_ROOT, latest)} is missing: run npm run bench first`);
  const report = JSON.parse(readFileSync(latest, "utf8")) as BenchReport;
  const fromLatest = blocks.has("results") || blocks.has("cost-model");
  if (fromLatest && report.quick && !process.argv.includes("--allow-quick")) {
    throw new Error(`the latest run was a --quick run (indicative only): run npm run bench, or pass --allow-quick to publish it anyway`);
  }
  const instructionsFile = path.join(RESULTS_DIR, "instructions.json");
  const instructions = existsSync(instructionsFile) ? (JSON.parse(readFileSync(instructionsFile, "utf8")) as InstructionsReport) : null;
  if (blocks.has("instructions") && !instructions) throw new Error(`${path.relative(REPO_ROOT, instructionsFile)} is missing: run npx tsx bench/floor-instructions.ts first`);

  let doc = readFileSync(DOC, "utf8");
  if (blocks.has("results")) doc = replaceBlock(doc, "results", readFileSync(path.join(RESULTS_DIR, "latest.md"), "utf8"));
  if (blocks.has("instructions") && instructions) doc = replaceBlock(doc, "instructions", readFileSync(path.join(RESULTS_DIR, "instructions.md"), "utf8"));
  if (blocks.has("cost-model")) doc = replaceBlock(doc, "cost-model", costModelTable(report, instructions));
  writeFileSync(DOC, doc);
  process.stderr.write(`publish: ${[...blocks].join(", ")} of ${path.relative(REPO_ROOT, DOC)} updated (run of ${report.date}${instructions ? `, instruction counts of ${instructions.date}` : ""})\n`);
}

/** The floor's unit costs (µs, CPU µs, instructions) and the runtime's allocation costs, one row each. */
function costModelTable(report: BenchReport, instructions: InstructionsReport | null): string {
  const units = report.floor?.units ?? [];
  const instructionsOf = (kind: string): string => {
    const unit = instructions?.units.find((entry) => entry.kind === kind);
    return unit ? Math.round(unit.us).toLocaleString("en") : "—";
  };
  const lines = [
    `From the run of ${report.date}${report.quick ? " (--quick: indicative only)" : ""}${instructions ? ` and the callgrind counts of ${instructions.date}` : ""}.`,
    "",
    `| what | µs | Envoy CPU µs | instructions (callgrind) |`,
    `|---|---:|---:|---:|`,
    ...units.map((unit) => `| ${unit.kind}: ${unit.what} | ${unit.us.toFixed(2)} | ${unit.cpuUs === null ? "—" : unit.cpuUs.toFixed(2)} | ${instructionsOf(unit.kind)} |`),
    ...(report.allocation?.rows ?? []).map((row) => `| ${row.operation} (${row.allocations} allocation${row.allocations === 1 ? "" : "s"} in the AssemblyScript runtime, timed in Node's V8) | ${(row.ns / 1000).toFixed(2)} | | |`),
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
