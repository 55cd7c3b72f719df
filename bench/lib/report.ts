/** The benchmark's results as one JSON document and as markdown tables. */
import type { JwtVerifyResult } from "../micro/jwt-verify.ts";
import type { EmulatorResult } from "../micro/emulator-drive.ts";
import type { ModuleSize } from "../micro/module-sizes.ts";
import type { ConfigurationResult, LoadRun } from "./load-runner.ts";
import type { MachineInfo, Versions } from "./machine.ts";

export interface Ratios {
  /** Median rps over the baseline's median rps. */
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** CPU time the configuration adds per request on the single worker: 1/rps - 1/rps(baseline), in µs. */
  readonly addedUsPerRequest: number;
}

export interface PeerComparison {
  readonly family: string;
  readonly ours: string;
  readonly peer: string;
  readonly peerVariant: string;
  /** Our median rps over the peer's: below 1 means ours is slower. */
  readonly rpsRatio: number;
  /** Our added µs per request minus the peer's. */
  readonly addedUsDifference: number;
}

export interface BenchReport {
  readonly date: string;
  readonly quick: boolean;
  readonly machine: MachineInfo;
  readonly versions: Versions;
  readonly load: (LoadRun & { baselineId: string; ratios: Record<string, Ratios>; comparisons: PeerComparison[] }) | null;
  readonly moduleSizes: ModuleSize[];
  readonly emulator: EmulatorResult[];
  readonly jwtVerify: JwtVerifyResult | null;
  readonly goPeerErrors: Record<string, string>;
}

export const BASELINE_ID = "baseline/no-filter";

export function ratiosToBaseline(results: readonly ConfigurationResult[]): Record<string, Ratios> {
  const baseline = results.find((result) => result.id === BASELINE_ID);
  const ratios: Record<string, Ratios> = {};
  if (!baseline?.rps || !baseline.p50Ms || !baseline.p99Ms) return ratios;
  for (const result of results) {
    if (!result.rps || !result.p50Ms || !result.p99Ms) continue;
    ratios[result.id] = {
      rps: result.rps.median / baseline.rps.median,
      p50: result.p50Ms.median / baseline.p50Ms.median,
      p99: result.p99Ms.median / baseline.p99Ms.median,
      addedUsPerRequest: 1e6 / result.rps.median - 1e6 / baseline.rps.median,
    };
  }
  return ratios;
}

/** Ours against the native equivalent and the Go peer, family by family. */
export function peerComparisons(results: readonly ConfigurationResult[], ratios: Record<string, Ratios>): PeerComparison[] {
  const comparisons: PeerComparison[] = [];
  for (const ours of results.filter((result) => result.variant === "ours" && result.rps)) {
    for (const peer of results.filter((result) => result.family === ours.family && (result.variant === "native" || result.variant === "go-peer") && result.rps)) {
      comparisons.push({
        family: ours.family,
        ours: ours.id,
        peer: peer.id,
        peerVariant: peer.variant,
        rpsRatio: ours.rps!.median / peer.rps!.median,
        addedUsDifference: (ratios[ours.id]?.addedUsPerRequest ?? Number.NaN) - (ratios[peer.id]?.addedUsPerRequest ?? Number.NaN),
      });
    }
  }
  return comparisons;
}

export function renderMarkdown(report: BenchReport): string {
  const out: string[] = [];
  const { machine, versions } = report;
  out.push(`Measured ${report.date}${report.quick ? " (--quick: indicative only)" : ""} on ${machine.nproc} × ${machine.cpuModel}, ${gib(machine.memoryBytes)} RAM, ${machine.kernel}; 1-minute load average ${machine.loadAverageAtStart.toFixed(1)} at the start, ${machine.loadAverageAtEnd.toFixed(1)} at the end.`);
  out.push(`Envoy ${versions.envoy} (func-e ${versions.funcE}, V8), Node ${versions.node}, AssemblyScript ${versions.asc}, Go ${versions.go ?? "—"} (proxy-wasm-go-sdk ${versions.goSdk ?? "—"}), wrk ${versions.wrk}.`);
  out.push("");
  if (report.load) out.push(...loadSection(report.load));
  out.push(...sizeSection(report.moduleSizes));
  out.push(...emulatorSection(report.emulator));
  if (report.jwtVerify) out.push(...jwtSection(report.jwtVerify));
  return out.join("\n") + "\n";
}

function loadSection(load: NonNullable<BenchReport["load"]>): string[] {
  const { settings } = load;
  const out = [
    `### Envoy under load`,
    "",
    `One Envoy worker${load.pinned ? " pinned to CPU 0, wrk on CPU 1" : " (not pinned)"}; wrk, 1 thread, ${settings.connections} connections, HTTP/1.1 keep-alive on loopback; ` +
      `${settings.warmupSeconds} s warm-up, then ${settings.rounds} interleaved rounds × ${settings.roundSeconds} s per configuration. ` +
      `Medians over rounds; spread is min–max of the rounds' requests per second. "added µs" is 1/rps − 1/rps(no filter): the worker's extra time per request.`,
    "",
    `| configuration | req/s | vs no filter | added µs/req | p50 ms | p99 ms | p50 / p99 vs no filter | req/s min–max (IQR) | Envoy RSS |`,
    `|---|---:|---:|---:|---:|---:|---:|---:|---:|`,
  ];
  for (const result of load.results) {
    const ratio = load.ratios[result.id];
    if (!result.rps || !result.p50Ms || !result.p99Ms || !ratio) {
      out.push(`| ${result.label} | ${result.status}${result.reason ? `: ${escapeCell(result.reason)}` : ""} | | | | | | | |`);
      continue;
    }
    const errors = result.rounds.reduce((sum, round) => sum + round.errors, 0);
    out.push(
      `| ${result.label}${errors > 0 ? ` (${errors} errors)` : ""} | ${fixed(result.rps.median, 0)} | ${percent(ratio.rps)} | ${fixed(ratio.addedUsPerRequest, 1)} | ` +
        `${fixed(result.p50Ms.median, 3)} | ${fixed(result.p99Ms.median, 3)} | ${fixed(ratio.p50, 2)}× / ${fixed(ratio.p99, 2)}× | ` +
        `${fixed(result.rps.min, 0)}–${fixed(result.rps.max, 0)} (${fixed(result.rps.iqr, 0)}) | ${result.envoyRssBytes ? mib(result.envoyRssBytes) : "—"} |`,
    );
  }
  out.push("");
  if (load.comparisons.length > 0) {
    out.push(`### Ours against the native filter and the Go SDK peer`, "", `| filter | against | our req/s ÷ theirs | our added µs − theirs |`, `|---|---|---:|---:|`);
    for (const comparison of load.comparisons) {
      out.push(`| ${comparison.family} | ${comparison.peer} | ${fixed(comparison.rpsRatio, 3)} | ${signed(comparison.addedUsDifference)} |`);
    }
    out.push("");
  }
  return out;
}

function sizeSection(sizes: readonly ModuleSize[]): string[] {
  const out = [`### Module sizes`, "", `| module | by | bytes | gzip -9 |`, `|---|---|---:|---:|`];
  for (const size of sizes) out.push(`| ${size.name} | ${size.author} | ${size.bytes === null ? "not built" : kib(size.bytes)} | ${size.gzipBytes === null ? "" : kib(size.gzipBytes)} |`);
  out.push("");
  return out;
}

function emulatorSection(results: readonly EmulatorResult[]): string[] {
  if (results.length === 0) return [];
  const out = [
    `### Emulator: requests per second and VM memory`,
    "",
    `In-process host (packages/testkit emulator, Node's V8), one request at a time. Memory is the VM's linear memory (Envoy exposes no per-VM memory stat): after 1,000 warm-up requests, and after the run.`,
    "",
    `| module | by | requests | emulator req/s | memory after warm-up | memory after run |`,
    `|---|---|---:|---:|---:|---:|`,
  ];
  for (const result of results) {
    if (result.status !== "measured") {
      out.push(`| ${result.name} | ${result.author} | ${result.status}${result.reason ? `: ${escapeCell(result.reason)}` : ""} | | | |`);
      continue;
    }
    out.push(`| ${result.name} | ${result.author} | ${result.requests!.toLocaleString("en")} | ${fixed(result.requestsPerSecond!, 0)} | ${kib(result.memoryAfterWarmupBytes!)} | ${kib(result.memoryAfterBytes!)} |`);
  }
  out.push("");
  return out;
}

function jwtSection(result: JwtVerifyResult): string[] {
  const out = [`### JWT signature verification (filter code in V8 vs Node's OpenSSL)`, ""];
  if (result.status !== "measured") return [...out, `${result.status}: ${result.reason ?? ""}`, ""];
  out.push(`From packages/filters/bench/jwt-verify.bench.ts, µs per token: verify only, through the token cache on a miss and on a hit, and Node's crypto.verify.`, "");
  out.push(`| alg | wasm verify µs | wasm cache miss µs | wasm cache hit µs | Node verify µs | wasm ÷ Node |`, `|---|---:|---:|---:|---:|---:|`);
  for (const row of result.rows) {
    out.push(`| ${row.alg} | ${row.wasmVerifyUs} | ${row.wasmCacheMissUs} | ${row.wasmCacheHitUs} | ${row.nodeVerifyUs} | ${row.wasmOverNode}× |`);
  }
  out.push("");
  return out;
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "—";
}

function signed(value: number): string {
  return Number.isFinite(value) ? `${value >= 0 ? "+" : ""}${value.toFixed(1)} µs` : "—";
}

function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)} %`;
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function gib(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ").slice(0, 160);
}
