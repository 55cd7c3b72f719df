// Every `proxy_on_*` callback runs between enterCallback and leaveCallback.
// Callbacks nest when a hostcall makes the host call back into the module
// (the allocator, or a callback of the same VM from `proxy_continue_stream`);
// only when the outermost one returns are no managed pointers left in wasm
// frames, the one point where the runtime may collect garbage.

import { collectIfDue } from "../runtime/collection";
import { enterContext } from "./registry";

let depth: i32 = 0;

/** Starts a callback for `contextId`: the context it runs for, one level deeper. */
// @ts-ignore: decorator
@inline export function enterCallback(contextId: u32): void {
  depth++;
  enterContext(contextId);
}

/** Ends a callback that returns `result` (evaluated before the callback ends). */
// @ts-ignore: decorator
@inline export function leaveCallbackWith<T>(result: T): T {
  leaveCallback();
  return result;
}

/** Ends a callback; at the outermost level, a quiet point for the collector. */
export function leaveCallback(): void {
  if (--depth == 0) collectIfDue();
}
