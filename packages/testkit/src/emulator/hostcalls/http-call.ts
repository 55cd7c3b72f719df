/** `proxy_http_call`: made on behalf of the root context (as Envoy does); see services/http-callouts.ts. */
import { Status } from "../abi/enums.ts";
import type { CallingVm, CalloutsPort, ModuleMemory } from "./ports.ts";
import type { ImportSet } from "./types.ts";

export function httpCallImports(memory: ModuleMemory, vm: CallingVm, callouts: CalloutsPort): ImportSet {
  return {
    proxy_http_call: [
      "iiiiiiiiii:i",
      (
        clusterPtr: number,
        clusterSize: number,
        headersPtr: number,
        headersSize: number,
        bodyPtr: number,
        bodySize: number,
        trailersPtr: number,
        trailersSize: number,
        timeoutMs: number,
        tokenPtr: number,
      ) => {
        const cluster = memory.readString(clusterPtr, clusterSize);
        const headers = memory.readPairs(headersPtr, headersSize);
        const body = memory.copyBytes(bodyPtr, bodySize);
        const trailers = memory.readPairs(trailersPtr, trailersSize);
        if (cluster === null || headers === null || body === null || trailers === null) return Status.INVALID_MEMORY_ACCESS;
        if (!memory.setU32(tokenPtr, 0)) return Status.INVALID_MEMORY_ACCESS;
        const { status, token } = callouts.start(vm.context().root(), cluster, headers, body, trailers, timeoutMs | 0);
        memory.setU32(tokenPtr, token);
        return status;
      },
    ],
  };
}
