/**
 * Stream control and lifecycle hostcalls: continue, close, local response,
 * status of the last async event, effective context, done. Stream actions
 * are deferred until the running callback returns (Envoy's "after VM call"
 * actions); a local response also forces the callback's result to Stop.
 */
import { Status } from "../abi/enums.ts";
import type { CallingVm, ModuleMemory } from "./ports.ts";
import type { ImportSet } from "./types.ts";

const STREAM_TYPE_MAX = 3;

export function streamImports(memory: ModuleMemory, vm: CallingVm): ImportSet {
  return {
    proxy_continue_stream: ["i:i", (type: number) => (type > STREAM_TYPE_MAX ? Status.BAD_ARGUMENT : vm.context().continueStream(type))],
    proxy_close_stream: ["i:i", (type: number) => (type > STREAM_TYPE_MAX ? Status.BAD_ARGUMENT : vm.context().closeStream(type))],
    proxy_send_local_response: [
      "iiiiiiii:i",
      (status: number, detailsPtr: number, detailsSize: number, bodyPtr: number, bodySize: number, headersPtr: number, headersSize: number, grpcStatus: number) => {
        const details = memory.readString(detailsPtr, detailsSize);
        const body = memory.copyBytes(bodyPtr, bodySize);
        const pairs = memory.readPairs(headersPtr, headersSize);
        if (details === null || body === null || pairs === null) return Status.INVALID_MEMORY_ACCESS;
        const headers = pairs.keys.map((key, i) => [key, pairs.values[i]!] as [string, string]);
        vm.context().sendLocalResponse({ status: status >>> 0, body, headers, grpcStatus: grpcStatus | 0, details });
        vm.stopIteration();
        return Status.OK;
      },
    ],
    proxy_get_status: [
      "iii:i",
      (codePtr: number, messagePtrPtr: number, messageSizePtr: number) => {
        const status = vm.context().root().status;
        if (!memory.setU32(codePtr, status.code)) return Status.INVALID_MEMORY_ACCESS;
        return memory.copyOut(status.message, messagePtrPtr, messageSizePtr);
      },
    ],
    proxy_set_effective_context: [
      "i:i",
      (contextId: number) => {
        return vm.setEffectiveContext(contextId >>> 0) ? Status.OK : Status.BAD_ARGUMENT;
      },
    ],
    proxy_done: [":i", () => (vm.context().root().markDone() ? Status.OK : Status.NOT_FOUND)],
  };
}

/** The ABI 0.1.0 forms Envoy offers only to 0.1.0 modules. */
export function legacyStreamImports(memory: ModuleMemory, vm: CallingVm): ImportSet {
  return {
    proxy_continue_request: [":i", () => vm.context().continueStream(0)],
    proxy_continue_response: [":i", () => vm.context().continueStream(1)],
    proxy_clear_route_cache: [":i", () => Status.OK],
    proxy_get_configuration: [
      "ii:i",
      (ptrPtr: number, sizePtr: number) => {
        return memory.copyOut(vm.context().root().configuration().bytes().slice(), ptrPtr, sizePtr);
      },
    ],
  };
}
