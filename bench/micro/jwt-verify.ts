/**
 * JWT signature verification per algorithm (cache miss and hit) beside
 * Node's native crypto: runs packages/filters/bench/jwt-verify.bench.ts (the
 * jwt-authz helper's benchmark of the filter's own verification code) and
 * reads its markdown table.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../lib/paths.ts";

export interface JwtVerifyRow {
  readonly alg: string;
  readonly wasmVerifyUs: number;
  readonly wasmCacheMissUs: number;
  readonly wasmCacheHitUs: number;
  readonly nodeVerifyUs: number;
  readonly wasmOverNode: number;
}

export interface JwtVerifyResult {
  status: "measured" | "failed" | "missing";
  reason?: string;
  rows: JwtVerifyRow[];
  /** The table as the benchmark printed it. */
  table?: string;
}

const FILTERS_DIR = path.join(REPO_ROOT, "packages", "filters");
const SCRIPT = path.join(FILTERS_DIR, "bench", "jwt-verify.bench.ts");

export function runJwtVerify(scale: number): JwtVerifyResult {
  if (!existsSync(SCRIPT)) return { status: "missing", reason: `${path.relative(REPO_ROOT, SCRIPT)} does not exist yet`, rows: [] };
  const tsx = path.join(REPO_ROOT, "node_modules", ".bin", "tsx");
  const run = spawnSync(tsx, [SCRIPT, String(scale)], { cwd: FILTERS_DIR, encoding: "utf8", timeout: 10 * 60_000 });
  if (run.status !== 0) return { status: "failed", reason: `exit ${run.status}: ${(run.stderr || run.stdout).trim().slice(-600)}`, rows: [] };
  const lines = run.stdout.split("\n").filter((line) => line.startsWith("|"));
  const rows = lines.slice(2).map(parseRow).filter((row): row is JwtVerifyRow => row !== null);
  if (rows.length === 0) return { status: "failed", reason: `no table in its output: ${run.stdout.slice(0, 400)}`, rows: [] };
  return { status: "measured", rows, table: lines.join("\n") };
}

function parseRow(line: string): JwtVerifyRow | null {
  const cells = line.split("|").slice(1, -1).map((cell) => cell.trim());
  if (cells.length < 6) return null;
  const [alg, verify, miss, hit, node, ratio] = cells as [string, string, string, string, string, string];
  return {
    alg,
    wasmVerifyUs: Number(verify),
    wasmCacheMissUs: Number(miss),
    wasmCacheHitUs: Number(hit),
    nodeVerifyUs: Number(node),
    wasmOverNode: Number(ratio.replace(/x$/, "")),
  };
}
