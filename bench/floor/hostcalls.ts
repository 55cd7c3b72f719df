/**
 * The hostcalls of Envoy's floor, each as the WebAssembly text a
 * hand-written module calls it with: no SDK, no runtime, arguments from
 * constant memory, the status checked (a call that does not answer OK
 * traps, so the sanity request proves the host did the work). Also which
 * of the emulator's counted hostcalls each measured kind prices.
 */

/** Host functions the floor modules import, with their ABI 0.2.1 signatures (module `env`). */
export const IMPORT_SIGNATURES = {
  proxy_get_header_map_value: "(param i32 i32 i32 i32 i32) (result i32)",
  proxy_get_header_map_pairs: "(param i32 i32 i32) (result i32)",
  proxy_add_header_map_value: "(param i32 i32 i32 i32 i32) (result i32)",
  proxy_replace_header_map_value: "(param i32 i32 i32 i32 i32) (result i32)",
  proxy_remove_header_map_value: "(param i32 i32 i32) (result i32)",
  proxy_get_property: "(param i32 i32 i32 i32) (result i32)",
  proxy_define_metric: "(param i32 i32 i32 i32) (result i32)",
  proxy_increment_metric: "(param i32 i64) (result i32)",
  proxy_record_metric: "(param i32 i64) (result i32)",
  proxy_get_shared_data: "(param i32 i32 i32 i32 i32) (result i32)",
  proxy_set_shared_data: "(param i32 i32 i32 i32 i32) (result i32)",
  proxy_log: "(param i32 i32 i32) (result i32)",
  proxy_get_log_level: "(param i32) (result i32)",
} as const;

export type ImportName = keyof typeof IMPORT_SIGNATURES;

/** `(i32.const offset) (i32.const length)` of a constant string the module lays out in its data section. */
export type StringArgument = (text: string) => string;

/** One hostcall as WebAssembly text. */
export interface Call {
  readonly imports: readonly ImportName[];
  /** The statement (status checked). */
  text(string: StringArgument): string;
  /** Statements `proxy_on_configure` runs once (metric definitions, a shared-data entry to read). */
  setup?(string: StringArgument): string;
}

// Out-parameters, in the first page's low bytes.
const OUT_POINTER = 0;
const OUT_LENGTH = 4;
const OUT_CAS = 8;
const COUNTER_ID = 16;
const HISTOGRAM_ID = 20;

// Spec numbers (see /work/shared/notes/proxy-wasm-abi.md).
const REQUEST_HEADERS = 0;
const RESPONSE_HEADERS = 2;
const COUNTER = 0;
const HISTOGRAM = 2;
/** Below the benchmark's `wasm:warning`: a line at this level is dropped by the host. */
const LOG_INFO = 2;
/** At the benchmark's level: a line Envoy writes. */
const LOG_WARN = 3;

const SHARED_KEY = "envoyscript.floor";

/** Traps unless the call answered OK (0). */
function checked(call: string): string {
  return `(if ${call} (then unreachable))`;
}

/** Traps unless the call answered NOT_FOUND (1): what a lookup of an absent header must answer. */
function checkedNotFound(call: string): string {
  return `(if (i32.ne ${call} (i32.const 1)) (then unreachable))`;
}

export const calls = {
  getHeader: (map: "request" | "response", name: string): Call => ({
    imports: ["proxy_get_header_map_value"],
    text: (s) => checked(`(call $proxy_get_header_map_value (i32.const ${mapType(map)}) ${s(name)} (i32.const ${OUT_POINTER}) (i32.const ${OUT_LENGTH}))`),
  }),
  /** A lookup of a header the request does not have: Envoy answers NOT_FOUND without calling the module's allocator. */
  getAbsentHeader: (map: "request" | "response", name: string): Call => ({
    imports: ["proxy_get_header_map_value"],
    text: (s) => checkedNotFound(`(call $proxy_get_header_map_value (i32.const ${mapType(map)}) ${s(name)} (i32.const ${OUT_POINTER}) (i32.const ${OUT_LENGTH}))`),
  }),
  getHeaderPairs: (map: "request" | "response"): Call => ({
    imports: ["proxy_get_header_map_pairs"],
    text: () => checked(`(call $proxy_get_header_map_pairs (i32.const ${mapType(map)}) (i32.const ${OUT_POINTER}) (i32.const ${OUT_LENGTH}))`),
  }),
  addHeader: (map: "request" | "response", name: string, value: string): Call => ({
    imports: ["proxy_add_header_map_value"],
    text: (s) => checked(`(call $proxy_add_header_map_value (i32.const ${mapType(map)}) ${s(name)} ${s(value)})`),
  }),
  replaceHeader: (map: "request" | "response", name: string, value: string): Call => ({
    imports: ["proxy_replace_header_map_value"],
    text: (s) => checked(`(call $proxy_replace_header_map_value (i32.const ${mapType(map)}) ${s(name)} ${s(value)})`),
  }),
  removeHeader: (map: "request" | "response", name: string): Call => ({
    imports: ["proxy_remove_header_map_value"],
    text: (s) => checked(`(call $proxy_remove_header_map_value (i32.const ${mapType(map)}) ${s(name)})`),
  }),
  /** `path` with segments separated by "." (sent joined by NUL, as the ABI wants). */
  getProperty: (path: string): Call => ({
    imports: ["proxy_get_property"],
    text: (s) => checked(`(call $proxy_get_property ${s(path.split(".").join("\0"))} (i32.const ${OUT_POINTER}) (i32.const ${OUT_LENGTH}))`),
  }),
  incrementCounter: (): Call => ({
    imports: ["proxy_define_metric", "proxy_increment_metric"],
    text: () => checked(`(call $proxy_increment_metric (i32.load (i32.const ${COUNTER_ID})) (i64.const 1))`),
    setup: (s) => checked(`(call $proxy_define_metric (i32.const ${COUNTER}) ${s("envoyscript_floor_requests")} (i32.const ${COUNTER_ID}))`),
  }),
  recordHistogram: (): Call => ({
    imports: ["proxy_define_metric", "proxy_record_metric"],
    text: () => checked(`(call $proxy_record_metric (i32.load (i32.const ${HISTOGRAM_ID})) (i64.const 42))`),
    setup: (s) => checked(`(call $proxy_define_metric (i32.const ${HISTOGRAM}) ${s("envoyscript_floor_sizes")} (i32.const ${HISTOGRAM_ID}))`),
  }),
  getSharedData: (): Call => ({
    imports: ["proxy_get_shared_data", "proxy_set_shared_data"],
    text: (s) => checked(`(call $proxy_get_shared_data ${s(SHARED_KEY)} (i32.const ${OUT_POINTER}) (i32.const ${OUT_LENGTH}) (i32.const ${OUT_CAS}))`),
    setup: (s) => checked(`(call $proxy_set_shared_data ${s(SHARED_KEY)} ${s("a shared value of 32 bytes......")} (i32.const 0))`),
  }),
  setSharedData: (): Call => ({
    imports: ["proxy_set_shared_data"],
    text: (s) => checked(`(call $proxy_set_shared_data ${s(SHARED_KEY)} ${s("a shared value of 32 bytes......")} (i32.const 0))`),
  }),
  log: (level: "info" | "warn", message: string): Call => ({
    imports: ["proxy_log"],
    text: (s) => checked(`(call $proxy_log (i32.const ${level === "info" ? LOG_INFO : LOG_WARN}) ${s(message)})`),
  }),
  getLogLevel: (): Call => ({
    imports: ["proxy_get_log_level"],
    text: () => checked(`(call $proxy_get_log_level (i32.const ${OUT_LENGTH}))`),
  }),
};

function mapType(map: "request" | "response"): number {
  return map === "request" ? REQUEST_HEADERS : RESPONSE_HEADERS;
}
