// Garbage collection at quiet points, for modules built with AssemblyScript's
// minimal runtime (the preset's; see the SDK README, Memory): TLSF and a
// stop-the-world mark-and-sweep collector that runs only when called. It
// scans no wasm stack, so it may run only when no managed pointer lives in a
// wasm frame: when the outermost callback the host made returns
// (dispatch/callback-scope.ts). In exchange the module
// has no shadow stack, no write barriers and no incremental steps, which the
// incremental runtime paid on every allocation and field store.
//
// A collection marks everything live (configuration, caches), so it is
// amortised: once per CALLBACKS_PER_COLLECTION outermost callbacks (about
// 130 to 170 requests of three or four callbacks), and also at the first
// quiet point after the heap had to grow, so garbage is reused before memory
// grows again. Memory then levels off at the live heap plus one period's
// garbage. 512 rather than 64: callgrind counted 550 (hello) to 2,100
// (jwt-authz) fewer instructions per request (docs/BENCHMARKS.md).

/** AssemblyScript's `Runtime.Minimal` (its std `shared/runtime`, which a package cannot import by name). */
const MINIMAL_RUNTIME: i32 = 1;

const CALLBACKS_PER_COLLECTION: u32 = 512;

let callbacksSinceCollection: u32 = 0;
let pagesAtLastCollection: i32 = 0;

/** Collects if a period has passed or the heap grew since the last collection; call only at a quiet point. */
export function collectIfDue(): void {
  if (ASC_RUNTIME != MINIMAL_RUNTIME) return; // The incremental runtime collects by itself.
  callbacksSinceCollection++;
  const pages = memory.size();
  if (callbacksSinceCollection < CALLBACKS_PER_COLLECTION && pages == pagesAtLastCollection) return;
  callbacksSinceCollection = 0;
  __collect();
  pagesAtLastCollection = pages;
}
