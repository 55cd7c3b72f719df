/** gRPC hostcalls: calls and streams made on behalf of the root context; see services/grpc-callouts.ts. */
import { Status } from "../abi/enums.ts";
import type { CallingVm, GrpcPort, ModuleMemory } from "./ports.ts";
import type { ImportSet } from "./types.ts";

export function grpcImports(memory: ModuleMemory, vm: CallingVm, grpc: GrpcPort): ImportSet {
  return {
    proxy_grpc_call: [
      "iiiiiiiiiiii:i",
      (sp: number, ss: number, np: number, ns: number, mp: number, ms: number, mdp: number, mds: number, rp: number, rs: number, timeoutMs: number, tokenPtr: number) => {
        const service = memory.copyBytes(sp, ss);
        const serviceName = memory.readString(np, ns);
        const method = memory.readString(mp, ms);
        const metadata = memory.readPairs(mdp, mds);
        const request = memory.copyBytes(rp, rs);
        if (service === null || serviceName === null || method === null || metadata === null || request === null) return Status.INVALID_MEMORY_ACCESS;
        const result = grpc.call(vm.context().root(), service, serviceName, method, metadata, request, timeoutMs >>> 0);
        if (result.status !== Status.OK) return result.status;
        return memory.setU32(tokenPtr, result.token) ? Status.OK : Status.INVALID_MEMORY_ACCESS;
      },
    ],
    proxy_grpc_stream: [
      "iiiiiiiii:i",
      (sp: number, ss: number, np: number, ns: number, mp: number, ms: number, mdp: number, mds: number, tokenPtr: number) => {
        const service = memory.copyBytes(sp, ss);
        const serviceName = memory.readString(np, ns);
        const method = memory.readString(mp, ms);
        const metadata = memory.readPairs(mdp, mds);
        if (service === null || serviceName === null || method === null || metadata === null) return Status.INVALID_MEMORY_ACCESS;
        const result = grpc.stream(vm.context().root(), service, serviceName, method, metadata);
        if (result.status !== Status.OK) return result.status;
        return memory.setU32(tokenPtr, result.token) ? Status.OK : Status.INVALID_MEMORY_ACCESS;
      },
    ],
    proxy_grpc_send: [
      "iiii:i",
      (token: number, messagePtr: number, messageSize: number, endOfStream: number) => {
        const message = memory.copyBytes(messagePtr, messageSize);
        if (message === null) return Status.INVALID_MEMORY_ACCESS;
        return grpc.send(token >>> 0, message, endOfStream !== 0);
      },
    ],
    proxy_grpc_cancel: ["i:i", (token: number) => grpc.cancel(token >>> 0)],
    proxy_grpc_close: ["i:i", (token: number) => grpc.close(token >>> 0)],
  };
}
