// Foreign functions: host-provided extensions called by name
// (`proxy_call_foreign_function`; Envoy offers e.g. `compress`,
// `uncompress`, `declare_property`), and host calls into the plugin
// (`proxy_on_foreign_function`, delivered to `RootContext.onForeignFunction`
// with the arguments in the CallData buffer).

import { proxy_call_foreign_function } from "./imports";
import { BufferType, WasmResult } from "./enums";
import { OUT_PTR, OUT_SIZE, clearOut, discardOut, takeBytes } from "./memory";
import { expectOk } from "./status";
import { getBufferBytes } from "./buffers";

/** What a foreign function call returned. `ok` is false when the host refused it. */
export class ForeignCallResult {
  constructor(public readonly status: u32, public readonly results: ArrayBuffer) {}

  get ok(): bool {
    return this.status == WasmResult.Ok;
  }
}

/**
 * Calls the host's foreign function `name` with serialized `args`. NOT_FOUND
 * (no such function), BAD_ARGUMENT, SERIALIZATION_FAILURE and
 * PARSE_FAILURE come back in `status` with empty results; other failures
 * trap. Wraps `proxy_call_foreign_function`; callable in every callback.
 */
export function callForeignFunction(name: string, args: ArrayBuffer): ForeignCallResult {
  clearOut();
  const nameBytes = String.UTF8.encode(name);
  const status = proxy_call_foreign_function(changetype<usize>(nameBytes), <usize>nameBytes.byteLength, changetype<usize>(args), <usize>args.byteLength, OUT_PTR, OUT_SIZE);
  if (status == WasmResult.Ok) return new ForeignCallResult(status, takeBytes());
  discardOut();
  if (status == WasmResult.NotFound || status == WasmResult.BadArgument || status == WasmResult.SerializationFailure || status == WasmResult.ParseFailure) {
    return new ForeignCallResult(status, new ArrayBuffer(0));
  }
  expectOk(status, "proxy_call_foreign_function");
  return new ForeignCallResult(status, new ArrayBuffer(0));
}

/**
 * The arguments of the foreign function the host is calling into the plugin.
 * Wraps `proxy_get_buffer_bytes(CALL_DATA)`; call it in `onForeignFunction`.
 */
export function getForeignFunctionArguments(): ArrayBuffer {
  const bytes = getBufferBytes(BufferType.CallData);
  return bytes === null ? new ArrayBuffer(0) : bytes;
}
