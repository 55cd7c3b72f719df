/** Shared queue hostcalls; `proxy_on_queue_ready` goes to the registering root context, posted. */
import { Status } from "../abi/enums.ts";
import type { CallingVm, ModuleMemory, QueuesPort } from "./ports.ts";
import type { ImportSet } from "./types.ts";

export function sharedQueueImports(memory: ModuleMemory, vm: CallingVm, queues: QueuesPort): ImportSet {
  return {
    proxy_register_shared_queue: [
      "iii:i",
      (namePtr: number, nameSize: number, tokenPtr: number) => {
        const name = memory.readString(namePtr, nameSize);
        if (name === null) return Status.INVALID_MEMORY_ACCESS;
        const token = queues.register(vm.vmId, name, vm.context().root());
        return memory.setU32(tokenPtr, token) ? Status.OK : Status.INVALID_MEMORY_ACCESS;
      },
    ],
    proxy_resolve_shared_queue: [
      "iiiii:i",
      (vmIdPtr: number, vmIdSize: number, namePtr: number, nameSize: number, tokenPtr: number) => {
        const vmId = memory.readString(vmIdPtr, vmIdSize);
        const name = memory.readString(namePtr, nameSize);
        if (vmId === null || name === null) return Status.INVALID_MEMORY_ACCESS;
        const token = queues.resolve(vmId === "" ? vm.vmId : vmId, name);
        if (token === undefined || vm.failed) return Status.NOT_FOUND;
        return memory.setU32(tokenPtr, token) ? Status.OK : Status.INVALID_MEMORY_ACCESS;
      },
    ],
    proxy_enqueue_shared_queue: [
      "iii:i",
      (token: number, dataPtr: number, dataSize: number) => {
        const data = memory.copyBytes(dataPtr, dataSize);
        if (data === null) return Status.INVALID_MEMORY_ACCESS;
        return queues.enqueue(token >>> 0, data);
      },
    ],
    proxy_dequeue_shared_queue: [
      "iii:i",
      (token: number, dataPtrPtr: number, dataSizePtr: number) => {
        const item = queues.dequeue(token >>> 0);
        if (typeof item === "number") return item;
        return memory.copyOut(item, dataPtrPtr, dataSizePtr);
      },
    ],
  };
}
