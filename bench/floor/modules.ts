/**
 * The floor: hand-written proxy-wasm modules that do nothing but what Envoy
 * charges for. One exports no callbacks (the price of a Wasm filter in the
 * chain), one the six per-request callbacks as no-ops, and one per hostcall
 * kind our filters use, each adding REPEAT calls of that kind to the no-ops,
 * so (added µs − the no-ops' added µs) / REPEAT is that hostcall's unit cost
 * (lookups by name: over the module that indexed the map, see
 * indexRequestHeaders). The last two do what `hello` and fault-injection's
 * untagged path do, exporting what they export, for like-for-like comparisons.
 */
import { calls, type Call } from "./hostcalls.ts";

/** Calls per request in a unit module: enough that ten hostcalls stand well above the rounds' noise. */
export const REPEAT = 10;

/** What one unit module measures, and which counted hostcalls its unit cost prices. */
export interface Unit {
  /** Short name used in reports and in JSON (`header-get`). */
  readonly kind: string;
  readonly what: string;
  /** Hostcall names as the emulator counts them (`env.proxy_get_header_map_value`). */
  readonly prices: readonly string[];
  readonly repeat: number;
  /** The module its calls are added to: the no-ops, or for lookups by name the map-index module. */
  readonly base: string;
  /** A unit kind whose one call this module also makes (subtracted once). */
  readonly less?: string;
}

export interface FloorModule {
  /** `floor/<name>`: the load configuration's id. */
  readonly id: string;
  readonly label: string;
  /** The per-request callbacks it exports (no-ops, plus the calls below); none for the bare module. */
  readonly callbacks: readonly PerRequestCallback[];
  readonly onRequestHeaders: readonly Call[];
  readonly onResponseHeaders: readonly Call[];
  readonly unit?: Unit;
  /** A response header the sanity request must see. */
  readonly expectHeader?: readonly [name: string, value: string];
}

/** The six callbacks Envoy makes per request to a module that exports them (header-only request). */
export const PER_REQUEST_CALLBACKS = [
  "proxy_on_context_create",
  "proxy_on_request_headers",
  "proxy_on_response_headers",
  "proxy_on_done",
  "proxy_on_log",
  "proxy_on_delete",
] as const;

export type PerRequestCallback = (typeof PER_REQUEST_CALLBACKS)[number];

export const NO_CALLBACKS_ID = "floor/none";
export const CALLBACKS_ID = "floor/callbacks";
export const HELLO_EQUIVALENT_ID = "floor/hello";
export const FAULT_EQUIVALENT_ID = "floor/fault-injection";
/** The hand-written equivalents of our rows: explained like them, to check that the units add up. */
export const EQUIVALENT_IDS: readonly string[] = [HELLO_EQUIVALENT_ID, FAULT_EQUIVALENT_ID];
export const HEADER_MAP_INDEX_ID = "floor/header-map-index";
export const HEADER_MAP_INDEX_KIND = "header-map-index";

/** How the hostcall counter names a `proxy_log` call below the host's level (Envoy drops the line). */
export const LOG_BELOW_HOST_LEVEL = "env.proxy_log (below the host's level)";

/** How the hostcall counter names a `proxy_get_header_map_value` answered NOT_FOUND (no value copied). */
export const ABSENT_HEADER_GET = "env.proxy_get_header_map_value (absent header)";

/** Hostcalls no unit module measures are priced as this kind: the cheapest crossing, no data copied. */
export const PLAIN_HOSTCALL_KIND = "log-level";

interface UnitSpec {
  readonly kind: string;
  readonly what: string;
  readonly prices: readonly string[];
  readonly call: Call;
  readonly on: "request" | "response";
  readonly repeat?: number;
  /** A lookup by name: Envoy indexes the header map at the first one of a request (see indexRequestHeaders). */
  readonly byName?: boolean;
}

/**
 * The first lookup by name in a header map of a request costs about 4,000
 * instructions more than the next ones: Envoy indexes a map of 3 or more
 * headers at its first lookup by name (its lazy header map), and the index
 * then lives as long as the map. Unit modules of lookups by name make this
 * one first, so their unit is the price of a lookup in an indexed map, and
 * the index is a unit of its own, counted once per map and request.
 */
const indexRequestHeaders = calls.getAbsentHeader("request", "x-absent");

const UNITS: readonly UnitSpec[] = [
  { kind: "header-get", what: "proxy_get_header_map_value, a request header that is present (value copied through malloc)", prices: ["env.proxy_get_header_map_value"], call: calls.getHeader("request", "x-team"), on: "request", byName: true },
  { kind: "header-get-absent", what: "proxy_get_header_map_value of a request header that is absent (NOT_FOUND, nothing copied)", prices: [ABSENT_HEADER_GET], call: calls.getAbsentHeader("request", "x-absent"), on: "request", byName: true },
  { kind: "header-pairs", what: "proxy_get_header_map_pairs, the whole request header map (the benchmark's 13 headers, ~0.9 KB)", prices: ["env.proxy_get_header_map_pairs"], call: calls.getHeaderPairs("request"), on: "request" },
  { kind: "header-add", what: "proxy_add_header_map_value on the response headers (each one more header on the wire)", prices: ["env.proxy_add_header_map_value"], call: calls.addHeader("response", "x-floor", "1"), on: "response" },
  { kind: "header-replace", what: "proxy_replace_header_map_value on the request headers", prices: ["env.proxy_replace_header_map_value"], call: calls.replaceHeader("request", "x-floor", "1"), on: "request", byName: true },
  { kind: "header-remove", what: "proxy_remove_header_map_value of an absent request header", prices: ["env.proxy_remove_header_map_value"], call: calls.removeHeader("request", "x-internal-debug"), on: "request", byName: true },
  { kind: "property-get", what: "proxy_get_property(request.method)", prices: ["env.proxy_get_property"], call: calls.getProperty("request.method"), on: "request" },
  { kind: "metric-increment", what: "proxy_increment_metric on a counter", prices: ["env.proxy_increment_metric"], call: calls.incrementCounter(), on: "request" },
  { kind: "metric-record", what: "proxy_record_metric on a histogram", prices: ["env.proxy_record_metric"], call: calls.recordHistogram(), on: "request" },
  { kind: "shared-data-get", what: "proxy_get_shared_data, a 32-byte value", prices: ["env.proxy_get_shared_data"], call: calls.getSharedData(), on: "request" },
  { kind: "shared-data-set", what: "proxy_set_shared_data, a 32-byte value", prices: ["env.proxy_set_shared_data"], call: calls.setSharedData(), on: "request" },
  { kind: "log-disabled", what: "proxy_log at info, below the host's level (dropped by Envoy)", prices: [LOG_BELOW_HOST_LEVEL], call: calls.log("info", "floor: a line below the host's log level"), on: "request" },
  { kind: "log-enabled", what: "proxy_log at warning, written to Envoy's log (one per request)", prices: ["env.proxy_log"], call: calls.log("warn", "floor: a line at the host's log level"), on: "request", repeat: 1 },
  { kind: PLAIN_HOSTCALL_KIND, what: "proxy_get_log_level (the cheapest crossing: one u32 out)", prices: ["env.proxy_get_log_level"], call: calls.getLogLevel(), on: "request" },
];

export function floorModules(): FloorModule[] {
  const none: FloorModule = { id: NO_CALLBACKS_ID, label: "floor: hand-written, no callbacks exported", callbacks: [], onRequestHeaders: [], onResponseHeaders: [] };
  const noOps: FloorModule = { id: CALLBACKS_ID, label: "floor: hand-written, the six per-request callbacks as no-ops", callbacks: PER_REQUEST_CALLBACKS, onRequestHeaders: [], onResponseHeaders: [] };
  const index: FloorModule = {
    id: HEADER_MAP_INDEX_ID,
    label: "floor: the no-ops + 1 lookup by name (an absent header), which indexes the request headers",
    callbacks: PER_REQUEST_CALLBACKS,
    onRequestHeaders: [indexRequestHeaders],
    onResponseHeaders: [],
    unit: {
      kind: HEADER_MAP_INDEX_KIND,
      what: "the first lookup by name (get, replace, remove) in a header map of a request, over the next ones: Envoy indexes the map",
      prices: [],
      repeat: 1,
      base: CALLBACKS_ID,
      less: "header-get-absent",
    },
  };
  const units = UNITS.map((spec) => unitModule(spec, spec.repeat ?? REPEAT, `floor/${spec.kind}`));
  const hello: FloorModule = {
    id: HELLO_EQUIVALENT_ID,
    // hello reads :method and :path only for its INFO line, which the benchmark's warning level drops.
    label: "floor: hand-written hello (the log level, 1 response header add)",
    callbacks: PER_REQUEST_CALLBACKS,
    onRequestHeaders: [calls.getLogLevel()],
    onResponseHeaders: [calls.addHeader("response", "x-hello", "bench")],
    expectHeader: ["x-hello", "bench"],
  };
  // What fault-injection does for untagged traffic, exporting what it exports:
  // that row's floor by measurement, which checks the units' arithmetic.
  const fault: FloorModule = {
    id: FAULT_EQUIVALENT_ID,
    label: "floor: hand-written fault-injection, untagged (its three callbacks, one absent-header lookup)",
    callbacks: ["proxy_on_context_create", "proxy_on_request_headers", "proxy_on_delete"],
    onRequestHeaders: [calls.getAbsentHeader("request", "x-chaos-test")],
    onResponseHeaders: [],
  };
  return [none, noOps, index, ...units, hello, fault];
}

/**
 * A unit module with another repeat count (`floor/header-get-x1`): to check
 * that a unit's cost is linear in its calls (bench/floor-instructions.ts).
 */
export function repeatedUnitModule(kind: string, repeat: number): FloorModule {
  const spec = UNITS.find((candidate) => candidate.kind === kind);
  if (!spec) throw new Error(`no floor unit "${kind}": one of ${UNITS.map((candidate) => candidate.kind).join(", ")}`);
  return unitModule(spec, repeat, `floor/${kind}-x${repeat}`);
}

function unitModule(spec: UnitSpec, repeat: number, id: string): FloorModule {
  const body = [...(spec.byName ? [indexRequestHeaders] : []), ...Array.from({ length: repeat }, () => spec.call)];
  return {
    id,
    label: `floor: the no-ops + ${spec.byName ? "the index + " : ""}${repeat} × ${spec.kind}`,
    callbacks: PER_REQUEST_CALLBACKS,
    onRequestHeaders: spec.on === "request" ? body : [],
    onResponseHeaders: spec.on === "response" ? body : [],
    unit: { kind: spec.kind, what: spec.what, prices: spec.prices, repeat, base: spec.byName ? HEADER_MAP_INDEX_ID : CALLBACKS_ID },
  };
}
