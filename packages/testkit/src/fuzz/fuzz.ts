import { EmulatorError, type HttpRequestInput } from "../emulator/index.ts";
import { loadEmulatedChain } from "../scenario/emulator-backend.ts";
import type { FilterSetup } from "../scenario/types.ts";
import { SeededRandom } from "./random.ts";
import { mirrorUpstream } from "./mirror-upstream.ts";
import { shrinkRequest } from "./shrink.ts";
import { TrafficGenerator } from "./traffic.ts";

export interface FuzzOptions {
  /** Requests to send. @default 2000 */
  readonly requests?: number;
  /** Seed of the traffic; the same seed replays the same requests. @default $ENVOYSCRIPT_FUZZ_SEED, else random */
  readonly seed?: number;
  /** Largest request body generated; also the emulator's buffer limit. @default 262144 */
  readonly maxBodyBytes?: number;
  /**
   * Most a VM's linear memory may reach. Linear memory never shrinks, so a
   * request that makes a filter allocate megabytes (work superlinear in
   * its input, say) raises the VM's footprint for good, in steps across
   * requests, and past Envoy's 1 GiB it traps. Our filters level off
   * under 1 MiB. @default 16 MiB
   */
  readonly maxMemoryBytes?: number;
}

/** A request that trapped a filter, left its stream hanging or took a VM's memory past the bound, reduced to a minimal reproduction. */
export interface FuzzFailure {
  readonly seed: number;
  /** Index of the failing request in the seeded sequence. */
  readonly index: number;
  readonly reason: string;
  readonly request: HttpRequestInput;
  /** The minimal request as a ready-to-paste emulator call. */
  readonly reproduction: string;
}

export interface FuzzReport {
  readonly seed: number;
  readonly requests: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  /** How many requests ended with each status. */
  readonly statuses: Readonly<Record<number, number>>;
  readonly failure: FuzzFailure | null;
}

/**
 * Drives random and malformed traffic through the setup's filters in the
 * emulator, answered by `mirrorUpstream` (so response callbacks get fuzzed
 * headers and bytes too), and stops at the first trap (or a stream that
 * never completes), which it shrinks to a minimal request. A filter passes
 * when `failure` is null: in Envoy a trap would fail every later request of
 * that VM.
 */
export async function fuzzFilters(setup: FilterSetup, options: FuzzOptions = {}): Promise<FuzzReport> {
  const seed = options.seed ?? (Number(process.env.ENVOYSCRIPT_FUZZ_SEED) || Math.floor(Math.random() * 2 ** 31));
  const count = options.requests ?? 2000;
  const maxBodyBytes = options.maxBodyBytes ?? 256 * 1024;
  const fuzzSetup: FilterSetup = { ...setup, bufferLimitBytes: setup.bufferLimitBytes ?? maxBodyBytes };
  const traffic = new TrafficGenerator(new SeededRandom(seed), maxBodyBytes);
  const maxMemory = options.maxMemoryBytes ?? DEFAULT_MAX_MEMORY_BYTES;
  const statuses: Record<number, number> = {};
  let emulated = await loadEmulatedChain(fuzzSetup);
  const started = performance.now();
  let sent = 0;
  let failure: FuzzFailure | null = null;
  for (; sent < count; sent++) {
    const request = traffic.next();
    const outcome = await send(emulated, request, maxMemory);
    if (outcome.failed) {
      failure = await reduce(fuzzSetup, seed, sent, outcome.reason, request, maxMemory);
      sent++;
      break;
    }
    statuses[outcome.status] = (statuses[outcome.status] ?? 0) + 1;
    if (sent % 5000 === 4999) emulated = await loadEmulatedChain(fuzzSetup);
  }
  const seconds = (performance.now() - started) / 1000;
  return { seed, requests: sent, seconds, requestsPerSecond: sent / seconds, statuses, failure };
}

type Outcome = { failed: false; status: number } | { failed: true; reason: string };
type EmulatedChain = Pick<Awaited<ReturnType<typeof loadEmulatedChain>>, "chain" | "vms">;

const MIB = 1024 * 1024;
const DEFAULT_MAX_MEMORY_BYTES = 16 * MIB;

async function send({ chain, vms }: EmulatedChain, request: HttpRequestInput, maxMemory: number): Promise<Outcome> {
  try {
    const result = await chain.request(request, { upstream: mirrorUpstream });
    if (result.trapped) return { failed: true, reason: `a filter trapped (answered ${result.status}, details ${result.details})` };
    const largest = Math.max(...vms.map((vm) => vm.memoryBytes));
    if (largest > maxMemory) {
      return { failed: true, reason: `a VM's memory reached ${(largest / MIB).toFixed(1)} MiB (bound ${(maxMemory / MIB).toFixed(1)} MiB; linear memory never shrinks)` };
    }
    return { failed: false, status: result.status };
  } catch (error) {
    if (error instanceof EmulatorError && error.code === "E_STREAM_STALLED") return { failed: true, reason: `the request never completed: ${error.message}` };
    throw error;
  }
}

async function reduce(setup: FilterSetup, seed: number, index: number, reason: string, request: HttpRequestInput, maxMemory: number): Promise<FuzzFailure> {
  const minimal = await shrinkRequest(request, async (candidate) => (await send(await loadEmulatedChain(setup), candidate, maxMemory)).failed);
  return { seed, index, reason, request: minimal, reproduction: reproduction(minimal) };
}

function reproduction(request: HttpRequestInput): string {
  const printable = { ...request, body: request.body instanceof Uint8Array ? `<${request.body.length} bytes: ${Buffer.from(request.body).toString("base64")}>` : request.body };
  return `await chain.request(${JSON.stringify(printable, null, 2)}, { upstream: mirrorUpstream })`;
}

/** A multi-line message for a failed fuzz run: why, how to replay, the minimal request. */
export function describeFuzzFailure(failure: FuzzFailure): string {
  return [
    `fuzz: ${failure.reason}`,
    `replay: ENVOYSCRIPT_FUZZ_SEED=${failure.seed} (request #${failure.index})`,
    "minimal reproduction:",
    failure.reproduction,
  ].join("\n");
}
