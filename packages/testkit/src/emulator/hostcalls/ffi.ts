/** `proxy_call_foreign_function`: functions a test registers by name on the host (NOT_FOUND otherwise). */
import { Status } from "../abi/enums.ts";
import type { CallingVm, ForeignFunctionsPort, ModuleMemory } from "./ports.ts";
import type { ImportSet } from "./types.ts";

export function foreignFunctionImports(memory: ModuleMemory, vm: CallingVm, foreignFunctions: ForeignFunctionsPort): ImportSet {
  return {
    proxy_call_foreign_function: [
      "iiiiii:i",
      (namePtr: number, nameSize: number, argumentsPtr: number, argumentsSize: number, resultsPtrPtr: number, resultsSizePtr: number) => {
        const name = memory.readString(namePtr, nameSize);
        const args = memory.copyBytes(argumentsPtr, argumentsSize);
        if (name === null || args === null) return Status.INVALID_MEMORY_ACCESS;
        const fn = foreignFunctions.get(name);
        if (fn === undefined) return Status.NOT_FOUND;
        const context = vm.context();
        const outcome = fn(args, { vmId: vm.vmId, rootId: context.root().rootId, contextId: context.id });
        const { status = Status.OK, result = new Uint8Array(0) } =
          outcome === undefined ? {} : typeof outcome === "string" || outcome instanceof Uint8Array ? { result: outcome } : outcome;
        if (status !== Status.OK) return status;
        if (resultsPtrPtr === 0 && resultsSizePtr === 0) return Status.OK;
        return memory.copyOut(result, resultsPtrPtr, resultsSizePtr);
      },
    ],
  };
}
