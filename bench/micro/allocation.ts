/**
 * What an allocation costs a filter: bench/assembly/allocation-probe.ts
 * compiled with the SDK's build preset (the runtime and optimisation our
 * filters ship with) and timed in Node's V8 (Envoy's engine too), the
 * garbage collector's share included. ns of CPU time per operation, the
 * loop's own cost subtracted; the median of several batches.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import asc from "assemblyscript/asc";
import { BENCH_DIR, REPO_ROOT, WORK_DIR } from "../lib/paths.ts";
import { median } from "../lib/statistics.ts";

export interface AllocationRow {
  readonly operation: string;
  /** Heap allocations the operation makes. */
  readonly allocations: number;
  readonly ns: number;
}

export interface AllocationResult {
  status: "measured" | "failed";
  reason?: string;
  rows: AllocationRow[];
}

const PROBE = path.join(BENCH_DIR, "assembly", "allocation-probe.ts");
const BATCHES = 7;

type Probe = Record<"storeOnly" | "decodeHeaderValue" | "buildLogMessage" | "encodeLogMessage", (n: number) => void> & { allocate(n: number, size: number): void };

export async function measureAllocations(operations: number): Promise<AllocationResult> {
  try {
    const probe = await compileProbe();
    const time = (run: (n: number) => void): number => {
      run(operations); // warm up: tiers up and lets the heap reach its working size
      // CPU time, not wall time: a busy machine's preemptions do not count.
      const batches = Array.from({ length: BATCHES }, () => {
        const started = process.cpuUsage();
        run(operations);
        const used = process.cpuUsage(started);
        return ((used.user + used.system) * 1000) / operations;
      });
      return median(batches);
    };
    const loop = time(probe.storeOnly);
    const row = (operation: string, allocations: number, run: (n: number) => void): AllocationRow => ({ operation, allocations, ns: time(run) - loop });
    return {
      status: "measured",
      rows: [
        row("new ArrayBuffer(32)", 1, (n) => probe.allocate(n, 32)),
        row("new ArrayBuffer(1024)", 1, (n) => probe.allocate(n, 1024)),
        row("String.UTF8.decode of a 31-byte header value", 1, probe.decodeHeaderValue),
        row(`"hello: " + method + " " + path (building a log message)`, 3, probe.buildLogMessage),
        row("the same, then String.UTF8.encode for proxy_log", 4, probe.encodeLogMessage),
      ],
    };
  } catch (error) {
    return { status: "failed", reason: (error as Error).message.split("\n").slice(0, 3).join(" "), rows: [] };
  }
}

async function compileProbe(): Promise<Probe> {
  const outFile = path.join(WORK_DIR, "allocation-probe.wasm");
  mkdirSync(WORK_DIR, { recursive: true });
  const stderr: string[] = [];
  const { error } = await asc.main([PROBE, ...presetFlags(), "--outFile", outFile], {
    stdout: { write: () => true } as never,
    stderr: { write: (text: string) => (stderr.push(String(text)), true) } as never,
  });
  if (error) throw new Error(`AssemblyScript could not compile ${PROBE}: ${stderr.join("").trim()}`);
  const abort = (): never => {
    throw new Error("the allocation probe aborted");
  };
  const { instance } = await WebAssembly.instantiate(readFileSync(outFile), { env: { abort } });
  (instance.exports._initialize as (() => void) | undefined)?.();
  return instance.exports as unknown as Probe;
}

/**
 * The runtime and optimisation of the SDK's release preset. Not the preset
 * itself: its `use` entries route abort through the SDK, which the probe
 * does not import.
 */
function presetFlags(): string[] {
  const require = createRequire(path.join(REPO_ROOT, "package.json"));
  const preset = JSON.parse(readFileSync(require.resolve("@envoyscript/sdk/asconfig.preset.json"), "utf8")) as {
    options: { runtime: string; exportStart?: string };
    targets: { release: { optimizeLevel: number; shrinkLevel: number; converge?: boolean; noAssert?: boolean } };
  };
  const release = preset.targets.release;
  return [
    "--runtime", preset.options.runtime,
    "--optimizeLevel", String(release.optimizeLevel),
    "--shrinkLevel", String(release.shrinkLevel),
    ...(release.converge ? ["--converge"] : []),
    ...(release.noAssert ? ["--noAssert"] : []),
    ...(preset.options.exportStart ? ["--exportStart", preset.options.exportStart] : []),
  ];
}
