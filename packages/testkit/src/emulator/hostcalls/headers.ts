/**
 * Header map hostcalls. Which map a call may touch, and when, is the
 * context's business (streams/http-filter-context.ts); a map that is not available
 * answers BAD_ARGUMENT (NOT_FOUND in the access-log phase), a missing key
 * NOT_FOUND, as Envoy does for ABI 0.2.x.
 */
import { MAP_TYPE_MAX, Status } from "../abi/enums.ts";
import type { CallingVm, ModuleMemory } from "./ports.ts";
import type { ImportSet } from "./types.ts";

export function headerImports(memory: ModuleMemory, vm: CallingVm): ImportSet {
  const mutate = (type: number, keyPtr: number, keySize: number, valuePtr: number, valueSize: number, op: "add" | "replace") => {
    if (type > MAP_TYPE_MAX) return Status.BAD_ARGUMENT;
    const key = memory.readString(keyPtr, keySize);
    const value = memory.readString(valuePtr, valueSize);
    if (key === null || value === null) return Status.INVALID_MEMORY_ACCESS;
    const map = vm.context().mutableHeaderMap(type);
    if (map === null) return Status.BAD_ARGUMENT;
    if (op === "add") map.add(key, value);
    else map.replace(key, value);
    return Status.OK;
  };
  return {
    proxy_get_header_map_size: [
      "ii:i",
      (type: number, sizePtr: number) => {
        if (type > MAP_TYPE_MAX) return Status.BAD_ARGUMENT;
        const map = vm.context().mutableHeaderMap(type);
        if (map === null) return Status.BAD_ARGUMENT;
        return memory.setU32(sizePtr, map.byteSize()) ? Status.OK : Status.INVALID_MEMORY_ACCESS;
      },
    ],
    proxy_get_header_map_pairs: [
      "iii:i",
      (type: number, ptrPtr: number, sizePtr: number) => {
        if (type > MAP_TYPE_MAX) return Status.BAD_ARGUMENT;
        const map = vm.context().readableHeaderMap(type);
        if (map === null) return memory.copyOut("", ptrPtr, sizePtr);
        return memory.copyPairsOut(map.keys, map.values, map.size, ptrPtr, sizePtr);
      },
    ],
    proxy_set_header_map_pairs: [
      "iii:i",
      (type: number, ptr: number, size: number) => {
        if (type > MAP_TYPE_MAX) return Status.BAD_ARGUMENT;
        const pairs = memory.readPairs(ptr, size);
        if (pairs === null) return Status.INVALID_MEMORY_ACCESS;
        const map = vm.context().mutableHeaderMap(type);
        if (map === null) return Status.BAD_ARGUMENT;
        map.setAll(pairs.keys, pairs.values);
        return Status.OK;
      },
    ],
    proxy_get_header_map_value: [
      "iiiii:i",
      (type: number, keyPtr: number, keySize: number, valuePtrPtr: number, valueSizePtr: number) => {
        if (type > MAP_TYPE_MAX) return Status.BAD_ARGUMENT;
        const key = memory.readString(keyPtr, keySize);
        if (key === null) return Status.INVALID_MEMORY_ACCESS;
        const context = vm.context();
        const map = context.readableHeaderMap(type);
        if (map === null) return context.inAccessLogPhase() ? Status.NOT_FOUND : Status.BAD_ARGUMENT;
        const value = map.get(key);
        if (value === undefined) return Status.NOT_FOUND;
        return memory.copyOut(value, valuePtrPtr, valueSizePtr);
      },
    ],
    proxy_add_header_map_value: ["iiiii:i", (type: number, kp: number, ks: number, vp: number, vs: number) => mutate(type, kp, ks, vp, vs, "add")],
    proxy_replace_header_map_value: ["iiiii:i", (type: number, kp: number, ks: number, vp: number, vs: number) => mutate(type, kp, ks, vp, vs, "replace")],
    proxy_remove_header_map_value: [
      "iii:i",
      (type: number, keyPtr: number, keySize: number) => {
        if (type > MAP_TYPE_MAX) return Status.BAD_ARGUMENT;
        const key = memory.readString(keyPtr, keySize);
        if (key === null) return Status.INVALID_MEMORY_ACCESS;
        const map = vm.context().mutableHeaderMap(type);
        if (map === null) return Status.BAD_ARGUMENT;
        map.remove(key);
        return Status.OK;
      },
    ],
  };
}
