/**
 * Drives many requests through one VM in the in-process emulator
 * (packages/testkit/src/emulator): the emulator's requests per second, and
 * the VM's linear memory (what `memory.grow` reached) after all of them —
 * Envoy exposes no per-VM memory stat, so the memory figure comes from here.
 */
import { existsSync } from "node:fs";
import { Host } from "../../packages/testkit/src/emulator/index.ts";
import type { HttpRequestInput } from "../../packages/testkit/src/emulator/index.ts";

export interface EmulatorSubject {
  readonly name: string;
  readonly author: "ours" | "go-peer" | "example";
  readonly module: string;
  readonly rootId: string;
  readonly configuration: string | Record<string, unknown>;
  readonly request: HttpRequestInput;
  /** Status the request must get (checked on the first request). */
  readonly expectStatus: number;
}

export interface EmulatorResult {
  readonly name: string;
  readonly author: EmulatorSubject["author"];
  status: "measured" | "not built" | "failed";
  reason?: string;
  requests?: number;
  requestsPerSecond?: number;
  /** Linear memory after the first 1,000 requests (the working set once warm). */
  memoryAfterWarmupBytes?: number;
  memoryAfterBytes?: number;
  /** Node's heap growth over the run (the emulator's own state, for sanity). */
  hostHeapGrowthBytes?: number;
}

const WARMUP_REQUESTS = 1_000;
const LOG_CLEAR_EVERY = 10_000;

export async function driveThroughEmulator(subject: EmulatorSubject, requests: number, progress: (line: string) => void): Promise<EmulatorResult> {
  const result: EmulatorResult = { name: subject.name, author: subject.author, status: "measured" };
  if (!existsSync(subject.module)) return { ...result, status: "not built", reason: `missing ${subject.module}` };
  try {
    const host = new Host({ logLevel: "warn" });
    const plugin = await host.loadPlugin({ wasm: subject.module, rootId: subject.rootId, configuration: subject.configuration });
    const first = await plugin.request(subject.request);
    if (first.status !== subject.expectStatus) return { ...result, status: "failed", reason: `first request answered ${first.status} (expected ${subject.expectStatus})` };
    for (let i = 1; i < WARMUP_REQUESTS; i++) await plugin.request(subject.request);
    result.memoryAfterWarmupBytes = plugin.vm.memoryBytes;
    const heapBefore = process.memoryUsage().heapUsed;
    progress(`emulator: ${requests.toLocaleString("en")} requests through ${subject.name}`);
    const started = performance.now();
    for (let i = 0; i < requests; i++) {
      await plugin.request(subject.request);
      // Filters log per request; the sink keeps every line. Not part of the VM.
      if (i % LOG_CLEAR_EVERY === 0) host.logs.clear();
    }
    const seconds = (performance.now() - started) / 1000;
    if (plugin.failed) return { ...result, status: "failed", reason: "the VM trapped during the run" };
    result.requests = requests;
    result.requestsPerSecond = requests / seconds;
    result.memoryAfterBytes = plugin.vm.memoryBytes;
    result.hostHeapGrowthBytes = process.memoryUsage().heapUsed - heapBefore;
    return result;
  } catch (error) {
    return { ...result, status: "failed", reason: ((error as Error & { code?: string }).code ?? "") + " " + (error as Error).message.split("\n")[0] };
  }
}
