/** The benchmark's results as one JSON document and as markdown tables. */
import type { CallCounts } from "../floor/call-counts.ts";
import type { ExplainedFloor, FloorTerm, UnitCost } from "../floor/explain.ts";
import { PLAIN_HOSTCALL_KIND } from "../floor/modules.ts";
import type { AllocationResult } from "../micro/allocation.ts";
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
  /** Envoy's CPU µs per request minus the baseline's (median over rounds); null when not read. */
  readonly addedCpuUsPerRequest: number | null;
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
  /** Our explained floor's req/s over the peer's: the best any Wasm filter making our calls could do. */
  readonly floorRpsRatio: number | null;
}

/** Envoy's Wasm floor: unit costs, the counted calls per request, and each Wasm row's explained floor. */
export interface FloorReport {
  readonly units: UnitCost[];
  readonly counts: CallCounts[];
  readonly explained: ExplainedFloor[];
}

export interface BenchReport {
  readonly date: string;
  readonly quick: boolean;
  readonly machine: MachineInfo;
  readonly versions: Versions;
  readonly load: (LoadRun & { baselineId: string; ratios: Record<string, Ratios>; comparisons: PeerComparison[] }) | null;
  readonly floor: FloorReport | null;
  readonly moduleSizes: ModuleSize[];
  readonly emulator: EmulatorResult[];
  readonly jwtVerify: JwtVerifyResult | null;
  readonly allocation: AllocationResult | null;
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
      addedCpuUsPerRequest: result.cpuUs && baseline.cpuUs ? result.cpuUs.median - baseline.cpuUs.median : null,
    };
  }
  return ratios;
}

/**
 * Ours (and the hello example) against the native equivalent, the Go peer
 * and a hand-written floor module of the same family (`floor/hello`), with
 * our explained floor's ratio beside ours.
 */
export function peerComparisons(results: readonly ConfigurationResult[], ratios: Record<string, Ratios>, explained: readonly ExplainedFloor[] = []): PeerComparison[] {
  const comparisons: PeerComparison[] = [];
  const isPeerOf = (ours: ConfigurationResult, peer: ConfigurationResult): boolean =>
    (peer.family === ours.family && (peer.variant === "native" || peer.variant === "go-peer")) || peer.id === `floor/${ours.family}`;
  for (const ours of results.filter((result) => (result.variant === "ours" || result.variant === "example") && result.rps)) {
    const floor = explained.find((entry) => entry.id === ours.id);
    for (const peer of results.filter((result) => isPeerOf(ours, result) && result.rps)) {
      comparisons.push({
        family: ours.family,
        ours: ours.id,
        peer: peer.id,
        peerVariant: peer.variant,
        rpsRatio: ours.rps!.median / peer.rps!.median,
        addedUsDifference: (ratios[ours.id]?.addedUsPerRequest ?? Number.NaN) - (ratios[peer.id]?.addedUsPerRequest ?? Number.NaN),
        floorRpsRatio: floor ? floor.floorRps / peer.rps!.median : null,
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
  if (report.floor) out.push(...floorSection(report.floor, report.load));
  out.push(...sizeSection(report.moduleSizes));
  out.push(...emulatorSection(report.emulator));
  if (report.jwtVerify) out.push(...jwtSection(report.jwtVerify));
  if (report.allocation) out.push(...allocationSection(report.allocation));
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
    `"added CPU µs" is Envoy's CPU time per request (all threads, from the scheduler) minus the no-filter row's: it does not grow when other work takes the core away, so it cross-checks "added µs" on a busy machine.`,
    "",
    `| configuration | req/s | vs no filter | added µs/req | added CPU µs/req | p50 ms | p99 ms | p50 / p99 vs no filter | req/s min–max (IQR) | Envoy RSS |`,
    `|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
  ];
  for (const result of load.results) {
    const ratio = load.ratios[result.id];
    if (!result.rps || !result.p50Ms || !result.p99Ms || !ratio) {
      out.push(`| ${result.label} | ${result.status}${result.reason ? `: ${escapeCell(result.reason)}` : ""} | | | | | | | | |`);
      continue;
    }
    const errors = result.rounds.reduce((sum, round) => sum + round.errors, 0);
    out.push(
      `| ${result.label}${errors > 0 ? ` (${errors} errors)` : ""} | ${fixed(result.rps.median, 0)} | ${percent(ratio.rps)} | ${fixed(ratio.addedUsPerRequest, 1)} | ${fixed(ratio.addedCpuUsPerRequest ?? Number.NaN, 1)} | ` +
        `${fixed(result.p50Ms.median, 3)} | ${fixed(result.p99Ms.median, 3)} | ${fixed(ratio.p50, 2)}× / ${fixed(ratio.p99, 2)}× | ` +
        `${fixed(result.rps.min, 0)}–${fixed(result.rps.max, 0)} (${fixed(result.rps.iqr, 0)}) | ${result.envoyRssBytes ? mib(result.envoyRssBytes) : "—"} |`,
    );
  }
  out.push("");
  if (load.comparisons.length > 0) {
    out.push(
      `### Ours against the native filter, the Go SDK peer and the floor`,
      "",
      `"floor's req/s ÷ theirs": a module that paid only our row's explained floor (the same callbacks and hostcalls, nothing else), against the same peer: how close to it any Wasm filter could get.`,
      "",
      `| filter | against | our req/s ÷ theirs | floor's req/s ÷ theirs | our added µs − theirs |`,
      `|---|---|---:|---:|---:|`,
    );
    for (const comparison of load.comparisons) {
      out.push(`| ${comparison.family} | ${comparison.peer} | ${fixed(comparison.rpsRatio, 3)} | ${fixed(comparison.floorRpsRatio ?? Number.NaN, 3)} | ${signed(comparison.addedUsDifference)} |`);
    }
    out.push("");
  }
  return out;
}

function floorSection(floor: FloorReport, load: BenchReport["load"]): string[] {
  const out: string[] = [];
  if (floor.units.length > 0) {
    out.push(
      `### Envoy's Wasm floor: unit costs`,
      "",
      `From the hand-written floor modules above (bench/floor): a Wasm filter that exports nothing, the per-request callbacks as no-ops, and each hostcall kind repeated on top of the no-ops; µs per unit is the difference of their added µs divided by the calls made. A lookup by name (get, replace, remove) is priced in a header map Envoy has already indexed; the index itself, which Envoy builds at a request's first lookup by name in each map, is a unit of its own ("header-map-index"). What Envoy charges; no SDK can go below it.`,
      "",
      `| unit | what | from | µs per unit | CPU µs per unit |`,
      `|---|---|---|---:|---:|`,
    );
    for (const unit of floor.units) out.push(`| ${unit.kind} | ${escapeCell(unit.what)} | ${unit.from} | ${fixed(unit.us, 2)} | ${fixed(unit.cpuUs ?? Number.NaN, 2)} |`);
    out.push("");
  }
  if (floor.explained.length > 0 && load) {
    out.push(
      `### Explained floor of each Wasm row`,
      "",
      `Callbacks and hostcalls per request, counted in the emulator for the load test's request and configuration, times the unit costs above (one header-map-index per header map looked up by name): the least a module making the same calls costs in Envoy. The remainder is the SDK's, the language runtime's and the filter's own work. "alloc" counts the host's calls into the module's allocator (priced within the hostcalls that make them).`,
      "",
      `| configuration | callbacks | hostcalls | alloc | explained floor | floor µs | added µs | remainder µs | remainder CPU µs |`,
      `|---|---:|---:|---:|---|---:|---:|---:|---:|`,
    );
    for (const row of floor.explained) {
      const label = load.results.find((result) => result.id === row.id)?.label ?? row.id;
      out.push(
        `| ${label} | ${fixed(row.callbacks, 1)} | ${fixed(row.hostcalls, 1)} | ${fixed(row.allocations, 1)} | ${row.terms.filter((entry) => entry.count > 0).map(termText).join(" + ")} | ` +
          `${fixed(row.explainedUs, 1)} | ${fixed(row.measuredUs, 1)} | ${fixed(row.remainderUs, 1)} | ${fixed(row.remainderCpuUs ?? Number.NaN, 1)} |`,
      );
    }
    const unpriced = [...new Set(floor.explained.flatMap((row) => row.terms.flatMap((entry) => entry.pricedAsPlain ?? [])))];
    if (unpriced.length > 0) out.push("", `* Priced as the plain hostcall (\`${PLAIN_HOSTCALL_KIND}\`), having no floor module of their own: ${unpriced.map((name) => `\`${name}\``).join(", ")}.`);
    out.push("");
  }
  if (floor.explained.length === 0) out.push(...countsTable(floor.counts));
  const failed = floor.counts.filter((entry) => entry.status !== "counted");
  if (failed.length > 0) out.push(`Not counted: ${failed.map((entry) => `${entry.id} (${entry.status}${entry.reason ? `: ${escapeCell(entry.reason)}` : ""})`).join("; ")}.`, "");
  return out;
}

/** Calls per request without load figures to price them (`--skip-load`). */
function countsTable(counts: readonly CallCounts[]): string[] {
  const counted = counts.filter((entry) => entry.status === "counted");
  if (counted.length === 0) return [];
  const perRequest = (record: Record<string, number> | undefined): string =>
    Object.entries(record ?? {}).map(([name, count]) => `${Number.isInteger(count) ? count : count.toFixed(2)} ${name.replace(/^env\./, "")}`).join(", ");
  return [
    `### Calls per request (emulator)`,
    "",
    `Callbacks and hostcalls per request, counted in the emulator for the load test's request and configuration; "alloc" counts the host's calls into the module's allocator.`,
    "",
    `| configuration | callbacks | hostcalls | alloc |`,
    `|---|---|---|---:|`,
    ...counted.map((entry) => `| ${entry.id} | ${perRequest(entry.callbacks)} | ${perRequest(entry.hostcalls)} | ${fixed(entry.allocations ?? 0, 1)} |`),
    "",
  ];
}

function termText(entry: FloorTerm): string {
  const count = Number.isInteger(entry.count) ? String(entry.count) : entry.count.toFixed(2);
  return `${count} ${entry.kind}${entry.pricedAsPlain ? "*" : ""}`;
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

function allocationSection(result: AllocationResult): string[] {
  const out = [`### Allocations in the AssemblyScript runtime`, ""];
  if (result.status !== "measured") return [...out, `${result.status}: ${result.reason ?? ""}`, ""];
  out.push(
    `bench/assembly/allocation-probe.ts, built with the SDK's release runtime and optimisation (the minimal runtime, collected every 512 operations as the SDK collects every 512 outermost callbacks), timed in Node's V8: ns of CPU time per operation, the loop's own cost subtracted, garbage collection included (every result becomes garbage, as a filter's per-request strings do).`,
    "",
    `| operation | heap allocations | ns |`,
    `|---|---:|---:|`,
    ...result.rows.map((row) => `| ${escapeCell(row.operation)} | ${row.allocations} | ${fixed(row.ns, 0)} |`),
    "",
  );
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
