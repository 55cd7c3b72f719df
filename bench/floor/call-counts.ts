/**
 * What a module asks of Envoy per request: the callbacks the host makes into
 * it and the hostcalls it makes, counted in the testkit's emulator for the
 * load test's own request bytes and configuration. The import object the
 * emulator links is wrapped from here (WebAssembly.Instance is
 * intercepted while the plugin loads), so the counts need nothing from the
 * emulator but its public API.
 */
import { existsSync } from "node:fs";
import { Host } from "@envoyscript/testkit";
import type { LoadConfiguration } from "../scenarios/types.ts";
import { ABSENT_HEADER_GET, LOG_BELOW_HOST_LEVEL } from "./modules.ts";

export interface CallCounts {
  readonly id: string;
  status: "counted" | "not built" | "failed";
  reason?: string;
  /** Requests counted (after a warm-up). */
  requests?: number;
  /** Callbacks into the module per request, by export name. */
  callbacks?: Record<string, number>;
  /** Hostcalls per request, by import (`env.proxy_get_header_map_value`); `proxy_log` below the host's level apart. */
  hostcalls?: Record<string, number>;
  /** Calls the host makes into the module's allocator per request (inside hostcalls that return data). */
  allocations?: number;
  /** Header maps looked up by name per request: Envoy indexes each at its first such lookup (bench/floor/modules.ts). */
  headerMapIndexes?: number;
}

const WARMUP_REQUESTS = 200;
const COUNTED_REQUESTS = 1_000;
/** The benchmark runs Envoy with `wasm:warning`. */
const HOST_LOG_LEVEL = "warn";
const HOST_LOG_LEVEL_NUMBER = 3;
/** The ABI's NOT_FOUND status. */
const NOT_FOUND = 1;
/** Envoy's :authority for wrk's requests. */
const AUTHORITY = "127.0.0.1";

type Tally = Map<string, number>;
/** The tally's key for a header map's first lookup by name in a stream. */
const HEADER_MAP_INDEX = "index header-map";
/** Hostcalls that look a header up by name (the first one per map and stream makes Envoy index the map). */
const LOOKUPS_BY_NAME = new Set(["proxy_get_header_map_value", "proxy_replace_header_map_value", "proxy_remove_header_map_value"]);

/** Which header maps each live stream has looked up by name, to count each map's first such lookup. */
class MapLookups {
  private readonly byContext = new Map<number, Set<number>>();
  private active = 0;

  /** Makes `contextId` the active one; answers the one it replaces (callbacks can nest). */
  enter(contextId: number): number {
    const previous = this.active;
    this.active = contextId;
    return previous;
  }

  forget(contextId: number): void {
    this.byContext.delete(contextId);
  }

  /** True the first time the active stream looks `mapType` up by name. */
  firstLookup(mapType: number): boolean {
    const maps = this.byContext.get(this.active) ?? new Set<number>();
    this.byContext.set(this.active, maps);
    if (maps.has(mapType)) return false;
    maps.add(mapType);
    return true;
  }
}

type WasmFunction = (...args: unknown[]) => unknown;

export async function countCalls(configuration: LoadConfiguration): Promise<CallCounts> {
  const result: CallCounts = { id: configuration.id, status: "counted" };
  const plugin = configuration.plugin;
  if (!plugin) return { ...result, status: "failed", reason: "the configuration runs no Wasm plugin" };
  if (!existsSync(plugin.module)) return { ...result, status: "not built", reason: `missing ${plugin.module}` };
  const tally: Tally = new Map();
  try {
    const host = new Host({ logLevel: HOST_LOG_LEVEL });
    const loaded = await whileCounting(tally, () => host.loadPlugin({ wasm: plugin.module, rootId: plugin.rootId, configuration: plugin.configuration }));
    const send = requestSender(configuration);
    // Envoy's direct_response, as one body chunk that ends the stream.
    const upstream = () => ({ status: 200, headers: { "content-type": "text/plain" }, body: configuration.expect.body ?? "ok" });
    for (let i = 0; i < WARMUP_REQUESTS; i++) await loaded.request(send(i), { upstream });
    tally.clear();
    for (let i = 0; i < COUNTED_REQUESTS; i++) {
      const answer = await loaded.request(send(WARMUP_REQUESTS + i), { upstream });
      if (answer.status !== configuration.expect.status) return { ...result, status: "failed", reason: `the emulator answered ${answer.status} (expected ${configuration.expect.status})` };
      if (i % 10_000 === 0) host.logs.clear();
    }
    return { ...result, ...perRequest(tally, COUNTED_REQUESTS) };
  } catch (error) {
    return { ...result, status: "failed", reason: (error as Error).message.split("\n")[0] };
  }
}

/** The load test's request for the i-th request (the token rotation of cache-miss runs included). */
function requestSender(configuration: LoadConfiguration): (i: number) => { method: string; path: string; authority: string; headers: Record<string, string> } {
  const { path, headers, rotateTokens } = configuration.request;
  return (i) => ({
    method: "GET",
    path,
    authority: AUTHORITY,
    headers: rotateTokens?.length ? { ...headers, authorization: `Bearer ${rotateTokens[i % rotateTokens.length]}` } : { ...headers },
  });
}

function perRequest(tally: Tally, requests: number): Pick<CallCounts, "requests" | "callbacks" | "hostcalls" | "allocations" | "headerMapIndexes"> {
  const callbacks: Record<string, number> = {};
  const hostcalls: Record<string, number> = {};
  let allocations = 0;
  let headerMapIndexes = 0;
  for (const [key, count] of [...tally].sort(([a], [b]) => a.localeCompare(b))) {
    const [kind, name] = key.split(" ", 2) as [string, string];
    if (kind === "callback") callbacks[name] = count / requests;
    else if (kind === "allocator") allocations += count / requests;
    else if (key === HEADER_MAP_INDEX) headerMapIndexes += count / requests;
    else hostcalls[key.slice(kind.length + 1)] = count / requests;
  }
  return { requests, callbacks, hostcalls, allocations, headerMapIndexes };
}

/**
 * Runs `load` with `new WebAssembly.Instance` (how the emulator instantiates
 * a VM, synchronously, so that FAIL_RELOAD can start a fresh one as a stream
 * begins) wrapping the imports it is given and the exports it makes.
 */
async function whileCounting<T>(tally: Tally, load: () => Promise<T>): Promise<T> {
  const original = WebAssembly.Instance;
  let instantiated = false;
  function CountingInstance(module: WebAssembly.Module, imports?: WebAssembly.Imports): WebAssembly.Instance {
    const lookups = new MapLookups();
    const made = new original(module, imports && countedImports(imports, tally, lookups));
    instantiated = true;
    // `new` returns this object instead of the function's own `this`: an Instance whose exports count their calls.
    return Object.create(original.prototype, { exports: { value: countedExports(made.exports, tally, lookups), enumerable: true } }) as WebAssembly.Instance;
  }
  (WebAssembly as { Instance: unknown }).Instance = CountingInstance;
  try {
    const loaded = await load();
    if (!instantiated) throw new Error("the emulator did not instantiate the module with new WebAssembly.Instance(module, imports): bench/floor/call-counts.ts must follow it");
    return loaded;
  } finally {
    (WebAssembly as { Instance: unknown }).Instance = original;
  }
}

function bump(tally: Tally, key: string): void {
  tally.set(key, (tally.get(key) ?? 0) + 1);
}

function countedImports(imports: WebAssembly.Imports, tally: Tally, lookups: MapLookups): WebAssembly.Imports {
  const counted: Record<string, Record<string, WebAssembly.ImportValue>> = {};
  for (const [module, functions] of Object.entries(imports)) {
    counted[module] = {};
    for (const [name, value] of Object.entries(functions)) {
      if (typeof value !== "function") {
        counted[module][name] = value;
        continue;
      }
      const fn = value as WasmFunction;
      const key = `hostcall ${module}.${name}`;
      const hostcall = countedHostcall(name, key, fn, tally);
      counted[module][name] = LOOKUPS_BY_NAME.has(name) ? countedLookup(hostcall, tally, lookups) : hostcall;
    }
  }
  return counted;
}

/** A hostcall that counts itself; `proxy_log` below the host's level and header lookups answered NOT_FOUND apart, since Envoy charges them less. */
function countedHostcall(name: string, key: string, fn: WasmFunction, tally: Tally): WasmFunction {
  if (name === "proxy_log") return (...args: unknown[]) => (bump(tally, (args[0] as number) < HOST_LOG_LEVEL_NUMBER ? `hostcall ${LOG_BELOW_HOST_LEVEL}` : key), fn(...args));
  if (name === "proxy_get_header_map_value") {
    return (...args: unknown[]) => {
      const status = fn(...args);
      bump(tally, status === NOT_FOUND ? `hostcall ${ABSENT_HEADER_GET}` : key);
      return status;
    };
  }
  return (...args: unknown[]) => (bump(tally, key), fn(...args));
}

/** A lookup by name, which also counts the first one of each header map and stream. */
function countedLookup(fn: WasmFunction, tally: Tally, lookups: MapLookups): WasmFunction {
  return (...args: unknown[]) => {
    if (lookups.firstLookup(args[0] as number)) bump(tally, HEADER_MAP_INDEX);
    return fn(...args);
  };
}

function countedExports(exports: WebAssembly.Exports, tally: Tally, lookups: MapLookups): WebAssembly.Exports {
  const counted: Record<string, WebAssembly.ExportValue> = {};
  for (const [name, value] of Object.entries(exports)) {
    const fn = value as WasmFunction;
    if (typeof value !== "function") counted[name] = value;
    else if (name === "malloc" || name === "proxy_on_memory_allocate") counted[name] = (...args: unknown[]) => (bump(tally, `allocator ${name}`), fn(...args));
    else if (name === "proxy_on_request_body" || name === "proxy_on_response_body") counted[name] = countedCallback(name, fn, tally, lookups, countsAsBodyCallback);
    else if (name.startsWith("proxy_on_")) counted[name] = countedCallback(name, fn, tally, lookups);
    else counted[name] = value;
  }
  return counted;
}

/** A callback; its first argument is the context it runs for (the stream, for the per-stream ones). */
function countedCallback(name: string, fn: WasmFunction, tally: Tally, lookups: MapLookups, counts: (args: unknown[]) => boolean = () => true): WasmFunction {
  return (...args: unknown[]) => {
    if (counts(args)) bump(tally, `callback ${name}`);
    const previous = lookups.enter(args[0] as number);
    try {
      return fn(...args);
    } finally {
      if (name === "proxy_on_delete") lookups.forget(args[0] as number);
      lookups.enter(previous);
    }
  };
}

/**
 * The emulator delivers an upstream's body as Envoy's HTTP/1 codec does: the
 * bytes, then an empty chunk that ends the stream. The benchmark's
 * direct_response arrives in one callback that carries both (checked in
 * Envoy 1.40), so the empty end-of-stream chunk is not counted.
 */
function countsAsBodyCallback(args: unknown[]): boolean {
  const [, size, endOfStream] = args as [number, number, number];
  return !(size === 0 && endOfStream !== 0);
}
