// trap-probe: a filter that fails on purpose, so a test can show what a trap
// looks like on each backend.
//
//   x-quota: <n>   -> readQuota throws (an AssemblyScript abort) when n < 0
//   x-trap: any    -> explode runs `unreachable` (a plain trap)
//   x-hoard: <n>   -> keeps n more MiB alive for good (past Envoy's 1 GiB
//                     of VM memory the allocator traps)
//
// Other requests pass through.

export * from "@envoyscript/sdk/assembly/proxy";
import { FilterHeadersStatus, HttpContext, RootContext, registerRootContext, requestHeaders } from "@envoyscript/sdk/assembly";

function readQuota(text: string): i32 {
  const quota = I32.parseInt(text);
  if (quota < 0) throw new Error("quota must not be negative, got " + text);
  return quota;
}

function explode(): void {
  unreachable();
}

const hoard = new Array<ArrayBuffer>();

function keepMebibytes(count: i32): void {
  for (let i = 0; i < count; i++) hoard.push(new ArrayBuffer(1 << 20));
}

class TrapRequest extends HttpContext {
  onRequestHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    const quota = requestHeaders.get("x-quota");
    if (quota !== null) readQuota(quota);
    if (requestHeaders.has("x-trap")) explode();
    const mebibytes = requestHeaders.get("x-hoard");
    if (mebibytes !== null) keepMebibytes(I32.parseInt(mebibytes));
    return FilterHeadersStatus.Continue;
  }
}

class TrapRoot extends RootContext {
  newHttpContext(contextId: u32): HttpContext | null {
    return new TrapRequest(contextId, this);
  }
}

registerRootContext((contextId: u32, rootId: string): RootContext => new TrapRoot(contextId, rootId), "trap-probe");
