// Context lifecycle hostcalls.

import { proxy_done, proxy_set_effective_context } from "./imports";
import { WasmResult } from "./enums";
import { expectOk } from "./status";

/**
 * Tells the host that the current context, which answered false from
 * `onDone`, is now finished. Wraps `proxy_done`; call it from any later
 * callback (tick, callout response) with that context effective. Returns
 * false when the context was not pending (NOT_FOUND).
 */
export function done(): bool {
  const status = proxy_done();
  if (status == WasmResult.NotFound) return false;
  expectOk(status, "proxy_done");
  return true;
}

/**
 * Makes `contextId` the context later hostcalls act on (headers, continue,
 * local responses). Wraps `proxy_set_effective_context`; useful in callout,
 * queue and tick callbacks. Returns false for an unknown context
 * (BAD_ARGUMENT), e.g. a stream that already ended.
 */
export function setEffectiveContext(contextId: u32): bool {
  const status = proxy_set_effective_context(contextId);
  if (status == WasmResult.BadArgument || status == WasmResult.NotFound) return false;
  expectOk(status, "proxy_set_effective_context");
  return true;
}
