/**
 * Buffer hostcalls. Reads are clamped to what the buffer holds (nothing to
 * read gives pointer 0, size 0); writes follow Envoy's `copyFrom` (replace
 * from 0, or append at the end).
 */
import { BUFFER_TYPE_MAX, Status } from "../abi/enums.ts";
import type { CallingVm, ModuleMemory } from "./ports.ts";
import type { ImportSet } from "./types.ts";

export function bufferImports(memory: ModuleMemory, vm: CallingVm): ImportSet {
  return {
    proxy_get_buffer_bytes: [
      "iiiii:i",
      (type: number, start: number, length: number, ptrPtr: number, sizePtr: number) => {
        if (type > BUFFER_TYPE_MAX) return Status.BAD_ARGUMENT;
        const buffer = vm.context().buffer(type);
        if (buffer === null) return Status.NOT_FOUND;
        start >>>= 0;
        length >>>= 0;
        const size = buffer.length;
        if (start > size) length = 0;
        else if (start + length > size) length = size - start;
        if (length === 0) return memory.setU32(ptrPtr, 0) && memory.setU32(sizePtr, 0) ? Status.OK : Status.INVALID_MEMORY_ACCESS;
        return memory.copyOut(buffer.bytes().subarray(start, start + length), ptrPtr, sizePtr);
      },
    ],
    proxy_get_buffer_status: [
      "iii:i",
      (type: number, lengthPtr: number, flagsPtr: number) => {
        if (type > BUFFER_TYPE_MAX) return Status.BAD_ARGUMENT;
        const buffer = vm.context().buffer(type);
        if (buffer === null) return Status.NOT_FOUND;
        return memory.setU32(lengthPtr, buffer.length) && memory.setU32(flagsPtr, 0) ? Status.OK : Status.INVALID_MEMORY_ACCESS;
      },
    ],
    proxy_set_buffer_bytes: [
      "iiiii:i",
      (type: number, start: number, length: number, dataPtr: number, dataSize: number) => {
        if (type > BUFFER_TYPE_MAX) return Status.BAD_ARGUMENT;
        const buffer = vm.context().buffer(type);
        if (buffer === null) return Status.NOT_FOUND;
        const data = memory.copyBytes(dataPtr, dataSize);
        if (data === null) return Status.INVALID_MEMORY_ACCESS;
        return buffer.setBytes(start >>> 0, length >>> 0, data);
      },
    ],
  };
}
