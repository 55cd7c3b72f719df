/** The soak's pass/fail criteria and its report (Markdown, ready for docs/RELIABILITY.md). */
import type { TrafficClass } from "./traffic.ts";

export interface RssSample {
  readonly seconds: number;
  readonly bytes: number;
}

export interface SoakInput {
  /** `<class>|<outcome>` → requests, plus `labels` (distinct telemetry label values sent). */
  readonly counts: Readonly<Record<string, number>>;
  readonly rss: readonly RssSample[];
  /** Envoy's stats whose name holds "wasm", once the filters were loaded and at the end. */
  readonly statsBefore: ReadonlyMap<string, number>;
  readonly stats: ReadonlyMap<string, number>;
  readonly workers: number;
  readonly abortPercent: number;
  readonly classes: readonly TrafficClass[];
  readonly minutes: number;
}

export interface ClassResult {
  readonly name: string;
  readonly requests: number;
  readonly outcomes: Record<string, number>;
  readonly disallowed: number;
}

export interface Verdict {
  readonly passed: boolean;
  readonly failures: string[];
  readonly classes: ClassResult[];
  readonly requests: number;
  readonly labels: number;
  readonly abort: { requests: number; aborted: number; low: number; high: number };
  /** RSS growth over the second half, extrapolated to MiB per worker per 10 minutes. */
  readonly rssGrowthMiBPerWorkerPer10Min: number;
  readonly rssJudged: boolean;
  readonly rss: readonly RssSample[];
  readonly wasmStats: Array<[string, number]>;
  readonly minutes: number;
}

/** Half-width of the abort bound in standard deviations: a correct filter fails it about once in 150,000 runs. */
const SIGMAS = 4.5;
const RSS_LIMIT_MIB = 1;
/**
 * A second half shorter than this is too short to judge RSS growth against a
 * per-10-minute limit (warm-up dominates, a 30 s slope is multiplied by 20):
 * the growth is printed, not judged (--quick).
 */
const MIN_JUDGED_MINUTES = 2;

export function evaluate(input: SoakInput): Verdict {
  const failures: string[] = [];
  const classes = input.classes.map((traffic): ClassResult => {
    const outcomes: Record<string, number> = {};
    for (const [key, n] of Object.entries(input.counts)) {
      const [name, outcome] = key.split("|");
      if (name === traffic.name && outcome !== undefined) outcomes[outcome] = (outcomes[outcome] ?? 0) + n;
    }
    const requests = Object.values(outcomes).reduce((sum, n) => sum + n, 0);
    const disallowed = Object.entries(outcomes).filter(([outcome]) => !traffic.allowed.includes(outcome)).reduce((sum, [, n]) => sum + n, 0);
    if (disallowed > 0) failures.push(`${traffic.name}: ${disallowed} answers outside ${traffic.allowed.join(", ")}: ${JSON.stringify(outcomes)}`);
    if (requests === 0) failures.push(`${traffic.name}: no request of this class was sent`);
    return { name: traffic.name, requests, outcomes, disallowed };
  });
  const chaos = classes.find((result) => result.name === "chaos");
  const chaosRequests = chaos?.requests ?? 0;
  const aborted = chaos?.outcomes["503"] ?? 0;
  const p = input.abortPercent / 100;
  const spread = SIGMAS * Math.sqrt(chaosRequests * p * (1 - p));
  const abort = { requests: chaosRequests, aborted, low: Math.max(0, Math.floor(chaosRequests * p - spread)), high: Math.ceil(chaosRequests * p + spread) };
  if (aborted < abort.low || aborted > abort.high) failures.push(`chaos: ${aborted} aborts of ${chaosRequests}, outside [${abort.low}, ${abort.high}] (${input.abortPercent}% ± ${SIGMAS} σ)`);
  // Envoy's own wasm stats (not the filters' wasmcustom counters): failures, and VMs created after the load began (a restart).
  const wasmStats = [...input.stats.entries()].filter(([name]) => name.startsWith("wasm.") && /fail|active|created/.test(name)).sort(([a], [b]) => a.localeCompare(b));
  for (const [name, value] of wasmStats) if (/fail/.test(name) && value > 0) failures.push(`VM failure: ${name} = ${value}`);
  for (const [name, value] of wasmStats) {
    const before = input.statsBefore.get(name);
    if (name.endsWith(".created") && before !== undefined && value > before) failures.push(`VMs created during the load (a VM failed and was replaced): ${name} ${before} → ${value}`);
  }
  const growth = secondHalfGrowth(input.rss) / input.workers;
  const secondHalfMinutes = input.minutes / 2;
  const rssJudged = secondHalfMinutes >= MIN_JUDGED_MINUTES;
  if (rssJudged && !(growth < RSS_LIMIT_MIB)) failures.push(`RSS grew ${growth.toFixed(3)} MiB per worker per 10 min over the second half (limit ${RSS_LIMIT_MIB})`);
  return {
    passed: failures.length === 0,
    failures,
    classes,
    requests: classes.reduce((sum, result) => sum + result.requests, 0),
    labels: input.counts.labels ?? 0,
    abort,
    rssGrowthMiBPerWorkerPer10Min: growth,
    rssJudged,
    rss: input.rss,
    wasmStats,
    minutes: input.minutes,
  };
}

/** Least-squares slope of RSS over the second half of the run, in MiB per 10 minutes. */
function secondHalfGrowth(samples: readonly RssSample[]): number {
  if (samples.length < 3) return Number.NaN;
  const end = samples[samples.length - 1].seconds;
  const half = samples.filter((sample) => sample.seconds >= end / 2);
  const meanX = half.reduce((sum, s) => sum + s.seconds, 0) / half.length;
  const meanY = half.reduce((sum, s) => sum + s.bytes, 0) / half.length;
  let num = 0;
  let den = 0;
  for (const s of half) {
    num += (s.seconds - meanX) * (s.bytes - meanY);
    den += (s.seconds - meanX) ** 2;
  }
  return den === 0 ? Number.NaN : ((num / den) * 600) / (1024 * 1024);
}

export function formatReport(verdict: Verdict): string {
  const mib = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1);
  const lines = [
    `## Soak: ${verdict.minutes} min, ${verdict.passed ? "PASSED" : "FAILED"}`,
    "",
    `${verdict.requests.toLocaleString("en")} requests (${Math.round(verdict.requests / (verdict.minutes * 60)).toLocaleString("en")}/s), ${verdict.labels.toLocaleString("en")} distinct telemetry label values; chaos aborts ${verdict.abort.aborted} of ${verdict.abort.requests} (allowed ${verdict.abort.low}–${verdict.abort.high}); RSS growth over the second half ${verdict.rssGrowthMiBPerWorkerPer10Min.toFixed(3)} MiB per worker per 10 min (limit ${RSS_LIMIT_MIB}${verdict.rssJudged ? "" : `; not judged: the second half is under ${MIN_JUDGED_MINUTES} min`}).`,
    "",
    "| Class | Requests | Answers | Outside the allowed |",
    "|---|---:|---|---:|",
    ...verdict.classes.map((result) => `| ${result.name} | ${result.requests.toLocaleString("en")} | ${Object.entries(result.outcomes).map(([outcome, n]) => `${outcome}: ${n.toLocaleString("en")}`).join(", ")} | ${result.disallowed} |`),
    "",
    "| Seconds | Envoy RSS (MiB) |",
    "|---:|---:|",
    ...thin(verdict.rss, 13).map((sample) => `| ${Math.round(sample.seconds)} | ${mib(sample.bytes)} |`),
    "",
    `Wasm stats: ${verdict.wasmStats.map(([name, value]) => `${name} = ${value}`).join("; ") || "(none)"}`,
  ];
  if (verdict.failures.length > 0) lines.push("", "Failures:", ...verdict.failures.map((failure) => `- ${failure}`));
  return lines.join("\n");
}

/** At most `count` samples, evenly spread, first and last kept. */
function thin<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.round((i * (items.length - 1)) / (count - 1))]);
}
