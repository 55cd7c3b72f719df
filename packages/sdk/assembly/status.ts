// One place that decides what an unexpected host status does: it is a bug in
// the filter or a host the SDK does not understand, so it must not pass
// silently. `abort` is routed by the build preset to a CRITICAL `proxy_log`
// line followed by a trap, so the message names the hostcall in Envoy's log.

import { WasmResult, wasmResultName } from "./enums";

/** Fails loudly: logs `<hostcall> returned <STATUS> (<n>)` at CRITICAL, then traps. */
export function failHostcall(hostcall: string, status: u32): void {
  abort("envoyscript: " + hostcall + " returned " + wasmResultName(status) + " (" + status.toString() + ")");
}

/** Fails loudly unless `status` is OK. */
// @ts-ignore: decorator
@inline export function expectOk(status: u32, hostcall: string): void {
  if (status != WasmResult.Ok) failHostcall(hostcall, status);
}
