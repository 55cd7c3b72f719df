/** Shared data hostcalls, scoped by VM id; see services/shared-data-store.ts for the CAS rules. */
import { Status } from "../abi/enums.ts";
import type { CallingVm, ModuleMemory, SharedDataPort } from "./ports.ts";
import type { ImportSet } from "./types.ts";

export function sharedDataImports(memory: ModuleMemory, vm: CallingVm, sharedData: SharedDataPort): ImportSet {
  return {
    proxy_get_shared_data: [
      "iiiii:i",
      (keyPtr: number, keySize: number, valuePtrPtr: number, valueSizePtr: number, casPtr: number) => {
        const key = memory.readString(keyPtr, keySize);
        if (key === null) return Status.INVALID_MEMORY_ACCESS;
        const entry = sharedData.get(vm.vmId, key);
        if (entry === undefined) return Status.NOT_FOUND;
        const status = memory.copyOut(entry.value, valuePtrPtr, valueSizePtr);
        if (status !== Status.OK) return status;
        return memory.setU32(casPtr, entry.cas) ? Status.OK : Status.INVALID_MEMORY_ACCESS;
      },
    ],
    proxy_set_shared_data: [
      "iiiii:i",
      (keyPtr: number, keySize: number, valuePtr: number, valueSize: number, cas: number) => {
        const key = memory.readString(keyPtr, keySize);
        const value = memory.copyBytes(valuePtr, valueSize);
        if (key === null || value === null) return Status.INVALID_MEMORY_ACCESS;
        return sharedData.set(vm.vmId, key, value, cas >>> 0);
      },
    ],
  };
}
