/**
 * Configuration fuzzing: random JSON, mutations of known-good configurations
 * and corrupted bytes handed to `proxy_on_configure`. Every configuration
 * must be accepted, or refused with one error line in the envoyscript
 * format `<filter>: <path>: <reason> [<CODE>]`; a trap, a refusal without
 * that line, or a thrown host error is a failure.
 */
import { readFile } from "node:fs/promises";
import { VmFailedError } from "../emulator/core/errors.ts";
import { ConfigurationRefusedError } from "../errors/configuration-refused.ts";
import { Host } from "../emulator/host.ts";
import { SeededRandom } from "./random.ts";

export interface ConfigurationFuzzOptions {
  /** Configurations to try. @default 500 */
  readonly configurations?: number;
  /** Seed; the same seed replays the same configurations. @default $ENVOYSCRIPT_FUZZ_SEED, else random */
  readonly seed?: number;
}

/** A configuration the filter did not handle as it must, as bytes (base64) and as text. */
export interface ConfigurationFuzzFailure {
  readonly seed: number;
  readonly index: number;
  readonly reason: string;
  readonly configurationBase64: string;
  readonly configurationText: string;
}

export interface ConfigurationFuzzReport {
  readonly seed: number;
  readonly configurations: number;
  readonly accepted: number;
  readonly refused: number;
  /** Refusals per error code (`E_CONFIG_TYPE`, ...). */
  readonly codes: Readonly<Record<string, number>>;
  readonly seconds: number;
  readonly failure: ConfigurationFuzzFailure | null;
}

/**
 * Configures a fresh plugin of `module` (root id `rootId`) with each
 * generated configuration; `seeds` are known-good configurations to mutate.
 * Stops at the first failure.
 */
export async function fuzzConfigurations(module: string, rootId: string, seeds: readonly unknown[], options: ConfigurationFuzzOptions = {}): Promise<ConfigurationFuzzReport> {
  const seed = options.seed ?? (Number(process.env.ENVOYSCRIPT_FUZZ_SEED) || Math.floor(Math.random() * 2 ** 31));
  const count = options.configurations ?? 500;
  const random = new SeededRandom(seed);
  const line = errorLinePattern(rootId);
  const codes: Record<string, number> = {};
  let accepted = 0;
  let refused = 0;
  let failure: ConfigurationFuzzFailure | null = null;
  let host = new Host();
  // Each configuration gets a fresh VM of one compiled module: reading and
  // compiling the file for each VM took most of a run. The first load, by
  // path, refuses a module the host cannot run with the host's typed error.
  await host.loadVm({ wasm: module });
  const compiled = await WebAssembly.compile(await readFile(module));
  const started = performance.now();
  let tried = 0;
  for (; tried < count && failure === null; tried++) {
    const configuration = randomConfiguration(random, seeds);
    const fail = (reason: string): ConfigurationFuzzFailure => ({
      seed,
      index: tried,
      reason,
      configurationBase64: Buffer.from(configuration).toString("base64"),
      configurationText: Buffer.from(configuration).toString("utf8").slice(0, 2000),
    });
    // A fresh VM per configuration (a plugin configures once); a fresh host now and then keeps memory flat.
    if (tried % 200 === 199) host = new Host();
    const vm = await host.loadVm({ wasm: compiled });
    try {
      vm.configurePlugin({ rootId, configuration });
      accepted++;
    } catch (error) {
      if (error instanceof ConfigurationRefusedError) {
        // The filter's own error lines (the host adds its "failed to load" line after them).
        const errors = error.logs.filter((entry) => (entry.level === "error" || entry.level === "critical") && entry.message.startsWith(`${rootId}:`)).map((entry) => entry.message);
        const named = errors.length === 1 ? line.exec(errors[0]) : null;
        if (!named) failure = fail(`refused without exactly one "${rootId}: <path>: <reason> [<CODE>]" error line; logged: ${JSON.stringify(errors)}`);
        else {
          refused++;
          codes[named[1]] = (codes[named[1]] ?? 0) + 1;
        }
      } else if (error instanceof VmFailedError) {
        failure = fail(`the VM trapped: ${error.message}`);
      } else {
        failure = fail(`the host threw: ${(error as Error)?.message ?? String(error)}`);
      }
    }
  }
  return { seed, configurations: tried, accepted, refused, codes, seconds: (performance.now() - started) / 1000, failure };
}

export function describeConfigurationFuzzFailure(failure: ConfigurationFuzzFailure): string {
  return [
    `configuration ${failure.index} of seed ${failure.seed}: ${failure.reason}`,
    `configuration (base64): ${failure.configurationBase64}`,
    `as text: ${failure.configurationText}`,
    `replay: fuzzConfigurations(module, rootId, seeds, { seed: ${failure.seed}, configurations: ${failure.index + 1} })`,
  ].join("\n");
}

/** A path segment: a name, an index (`[0]`), or a quoted key (`["a: b"]`, which may hold any character). */
const SEGMENT = String.raw`(?:[^\s:."\[\]]+|\[\d+\]|\["(?:[^"\\]|\\.)*"\])`;

function errorLinePattern(rootId: string): RegExp {
  const name = rootId.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${name}: (?:\\(root\\)|${SEGMENT}(?:\\.?${SEGMENT})*): .+ \\[(E_[A-Z0-9_]+)\\]$`, "s");
}

/** One configuration as bytes: a mutated seed (most), random JSON, or corrupted text. */
function randomConfiguration(random: SeededRandom, seeds: readonly unknown[]): Uint8Array {
  const roll = random.next();
  if (seeds.length > 0 && roll < 0.6) {
    let value = structuredClone(random.pick(seeds));
    for (let mutations = 1 + random.int(3); mutations > 0; mutations--) value = mutate(random, value);
    return Buffer.from(JSON.stringify(value) ?? "null");
  }
  if (roll < 0.8) return Buffer.from(JSON.stringify(randomJson(random, 4)));
  const text = Buffer.from(JSON.stringify(seeds.length > 0 ? random.pick(seeds) : randomJson(random, 3)));
  return corrupt(random, text);
}

/** Replaces, removes or adds one member somewhere in `value`. */
function mutate(random: SeededRandom, value: unknown): unknown {
  if (random.chance(0.15) || value === null || typeof value !== "object") return edgeValue(random, value);
  if (Array.isArray(value)) {
    if (value.length === 0 || random.chance(0.2)) return random.chance(0.5) ? [] : [...value, randomJson(random, 2)];
    const index = random.int(value.length);
    if (random.chance(0.2)) return value.filter((_, i) => i !== index);
    if (random.chance(0.1)) return [...value, ...value];
    value[index] = mutate(random, value[index]);
    return value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 0 || random.chance(0.1)) {
    record[random.pick(["", "unknownField", "__proto__x", "constructor", "ｆｉｅｌｄ", ...keys.map((key) => key.toUpperCase())])] = randomJson(random, 2);
    return record;
  }
  const key = random.pick(keys);
  if (random.chance(0.15)) delete record[key];
  else record[key] = mutate(random, record[key]);
  return record;
}

/** A value chosen to sit on an edge: wrong type, extreme number, odd string. */
function edgeValue(random: SeededRandom, previous: unknown): unknown {
  const strings = ["", " ", "\u0000", "\ud800", "é", "x".repeat(random.size(70_000)), "*", "(", "[a-", "a{1000}{1000}", "10.0.0.0/33", "::/129", "-1ms", "1e309s", "\r\nx-injected: 1", "https://", "%", "😀"];
  const numbers = [0, -0, -1, 1.5, 2 ** 31, 2 ** 32, 2 ** 53 + 1, -(2 ** 63), 1e308, 1e-308, 100.0001, 101];
  switch (random.int(6)) {
    case 0: return random.pick(strings);
    case 1: return random.pick(numbers);
    case 2: return random.pick([true, false, null]);
    case 3: return typeof previous === "string" ? previous + random.pick(strings) : random.pick(strings);
    case 4: return nested(random.int(200));
    default: return randomJson(random, 3);
  }
}

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { a: value };
  return value;
}

function randomJson(random: SeededRandom, depth: number): unknown {
  const kind = depth <= 0 ? random.int(4) : random.int(6);
  switch (kind) {
    case 0: return random.pick([null, true, false]);
    case 1: return random.chance(0.5) ? random.int(1000) - 10 : random.next() * 10 ** random.int(400);
    case 2: return randomText(random);
    case 3: return random.pick(["ALLOW", "DENY", "verify", "mesh", "/", "x-user", "100ms", "50%", "GET"]);
    case 4: return Array.from({ length: random.size(8) }, () => randomJson(random, depth - 1));
    default: {
      const names = ["rules", "match", "route", "jwtRules", "policies", "metrics", "abort", "delay", "percentage", "headers", "name", "value", "issuer", "labels", "x"];
      return Object.fromEntries(Array.from({ length: random.size(6) }, () => [random.pick(names), randomJson(random, depth - 1)]));
    }
  }
}

function randomText(random: SeededRandom): string {
  const length = random.size(64);
  let text = "";
  for (let i = 0; i < length; i++) text += String.fromCharCode(random.chance(0.9) ? 32 + random.int(95) : random.int(0xffff));
  return text;
}

/** Truncates, flips, inserts or removes bytes (producing invalid JSON and invalid UTF-8). */
function corrupt(random: SeededRandom, bytes: Uint8Array): Uint8Array {
  const out = Array.from(bytes);
  for (let edits = 1 + random.int(4); edits > 0; edits--) {
    const at = random.int(out.length + 1);
    switch (random.int(4)) {
      case 0: out.length = at; break;
      case 1: if (at < out.length) out[at] = random.int(256); break;
      case 2: out.splice(at, 0, random.pick([0x80, 0xc3, 0xed, 0xff, 0x00, 0x7b, 0x5b, 0x22, 0x5c])); break;
      default: out.splice(at, 1 + random.int(8)); break;
    }
  }
  return Uint8Array.from(out);
}
