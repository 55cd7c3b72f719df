// What the AssemblyScript runtime charges a filter for allocating, built
// with the SDK's preset (minimal runtime, -O3) and timed by
// bench/micro/allocation.ts. Every result is stored in a global, so the
// optimizer keeps the work; what was stored before becomes garbage, as a
// filter's per-request strings do. The minimal runtime collects only when
// asked: the SDK asks once every 512 outermost callbacks, about 150 requests
// (packages/sdk/assembly/runtime/collection.ts); the probe collects every 512
// operations, so each one carries its share of a collection.

/** AssemblyScript's `Runtime.Minimal`. */
const MINIMAL_RUNTIME: i32 = 1;

const OPERATIONS_PER_COLLECTION: i32 = 512;

// @ts-ignore: decorator
@inline function quietPoint(i: i32): void {
  if (ASC_RUNTIME == MINIMAL_RUNTIME && i % OPERATIONS_PER_COLLECTION == OPERATIONS_PER_COLLECTION - 1) __collect();
}

let kept: ArrayBuffer = new ArrayBuffer(0);
let keptString: string = "";
// Globals, not constants: the optimizer must not fold the concatenation.
let method: string = "GET";
let path: string = "/reviews/1";
const HEADER_VALUE: ArrayBuffer = String.UTF8.encode("application/json; charset=utf-8");

/** The loop alone, storing the same buffer each time (subtracted from the others). */
export function storeOnly(n: i32): void {
  const same = kept;
  for (let i = 0; i < n; i++) {
    kept = same;
    quietPoint(i);
  }
}

/** One allocation of `size` bytes per iteration. */
export function allocate(n: i32, size: i32): void {
  for (let i = 0; i < n; i++) {
    kept = new ArrayBuffer(size);
    quietPoint(i);
  }
}

/** A header value as a filter gets it from the host: 31 UTF-8 bytes decoded to a string. */
export function decodeHeaderValue(n: i32): void {
  for (let i = 0; i < n; i++) {
    keptString = String.UTF8.decode(HEADER_VALUE);
    quietPoint(i);
  }
}

/** A log message built by concatenation, as `log.info("hello: " + method + " " + path)` builds it. */
export function buildLogMessage(n: i32): void {
  for (let i = 0; i < n; i++) {
    keptString = "hello: " + method + " " + path;
    quietPoint(i);
  }
}

/** The same message encoded to UTF-8 for `proxy_log`, as the SDK's log functions do when the level is on. */
export function encodeLogMessage(n: i32): void {
  for (let i = 0; i < n; i++) {
    kept = String.UTF8.encode("hello: " + method + " " + path);
    quietPoint(i);
  }
}
