/** `proxy_call_foreign_function`: functions a test registers by name on the host (NOT_FOUND otherwise). */
import { Status } from "../abi.ts";
import type { Vm } from "../vm.ts";
import type { ImportSet } from "./types.ts";

export function foreignFunctionImports(vm: Vm): ImportSet {
  const memory = vm.memory;
  return {
    proxy_call_foreign_function: [
      "iiiiii:i",
      (namePtr: number, nameSize: number, argumentsPtr: number, argumentsSize: number, resultsPtrPtr: number, resultsSizePtr: number) => {
        const name = memory.readString(namePtr, nameSize);
        const args = memory.copyBytes(argumentsPtr, argumentsSize);
        if (name === null || args === null) return Status.INVALID_MEMORY_ACCESS;
        const fn = vm.host.foreignFunctions.get(name);
        if (fn === undefined) return Status.NOT_FOUND;
        const context = vm.contextOrEffective();
        const outcome = fn(args, { vmId: vm.vmId, rootId: context.plugin?.rootId ?? "", contextId: context.id });
        const { status = Status.OK, result = new Uint8Array(0) } =
          outcome === undefined ? {} : typeof outcome === "string" || outcome instanceof Uint8Array ? { result: outcome } : outcome;
        if (status !== Status.OK) return status;
        if (resultsPtrPtr === 0 && resultsSizePtr === 0) return Status.OK;
        return memory.copyOut(result, resultsPtrPtr, resultsSizePtr);
      },
    ],
  };
}
