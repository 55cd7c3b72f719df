// What the AssemblyScript runtime charges a filter for allocating, built
// with the SDK's preset (incremental GC, -O3) and timed by
// bench/micro/allocation.ts. Every result is stored in a global, so the
// optimizer keeps the work; what was stored before becomes garbage, as a
// filter's per-request strings do.

let kept: ArrayBuffer = new ArrayBuffer(0);
let keptString: string = "";
// Globals, not constants: the optimizer must not fold the concatenation.
let method: string = "GET";
let path: string = "/reviews/1";
const HEADER_VALUE: ArrayBuffer = String.UTF8.encode("application/json; charset=utf-8");

/** The loop alone, storing the same buffer each time (subtracted from the others). */
export function storeOnly(n: i32): void {
  const same = kept;
  for (let i = 0; i < n; i++) kept = same;
}

/** One allocation of `size` bytes per iteration. */
export function allocate(n: i32, size: i32): void {
  for (let i = 0; i < n; i++) kept = new ArrayBuffer(size);
}

/** A header value as a filter gets it from the host: 31 UTF-8 bytes decoded to a string. */
export function decodeHeaderValue(n: i32): void {
  for (let i = 0; i < n; i++) keptString = String.UTF8.decode(HEADER_VALUE);
}

/** A log message built by concatenation, as `log.info("hello: " + method + " " + path)` builds it. */
export function buildLogMessage(n: i32): void {
  for (let i = 0; i < n; i++) keptString = "hello: " + method + " " + path;
}

/** The same message encoded to UTF-8 for `proxy_log`, as the SDK's log functions do when the level is on. */
export function encodeLogMessage(n: i32): void {
  for (let i = 0; i < n; i++) kept = String.UTF8.encode("hello: " + method + " " + path);
}
