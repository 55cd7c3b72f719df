/** Property hostcalls: paths are segments joined by `\0`; see services/properties.ts for the trees and encodings. */
import { Status } from "../abi/enums.ts";
import type { CallingVm, ModuleMemory, PropertiesPort } from "./ports.ts";
import type { ImportSet } from "./types.ts";

export function propertyImports(memory: ModuleMemory, vm: CallingVm, properties: PropertiesPort): ImportSet {
  return {
    proxy_get_property: [
      "iiii:i",
      (pathPtr: number, pathSize: number, valuePtrPtr: number, valueSizePtr: number) => {
        const path = memory.readString(pathPtr, pathSize);
        if (path === null) return Status.INVALID_MEMORY_ACCESS;
        const value = properties.resolve(vm.context(), path);
        if (typeof value === "number") return value;
        return memory.copyOut(value, valuePtrPtr, valueSizePtr);
      },
    ],
    proxy_set_property: [
      "iiii:i",
      (pathPtr: number, pathSize: number, valuePtr: number, valueSize: number) => {
        const path = memory.readString(pathPtr, pathSize);
        const value = memory.copyBytes(valuePtr, valueSize);
        if (path === null || value === null) return Status.INVALID_MEMORY_ACCESS;
        return vm.context().setProperty(path, value);
      },
    ],
  };
}
