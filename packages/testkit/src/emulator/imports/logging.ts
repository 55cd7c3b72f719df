/** Logging hostcalls: `proxy_log`, `proxy_get_log_level`. */
import { LOG_LEVEL_NAMES, Status } from "../abi.ts";
import type { Vm } from "../vm.ts";
import type { ImportSet } from "./types.ts";

export function loggingImports(vm: Vm): ImportSet {
  return {
    proxy_log: [
      "iii:i",
      (level: number, messagePtr: number, messageSize: number) => {
        const message = vm.memory.readString(messagePtr, messageSize);
        if (message === null) return Status.INVALID_MEMORY_ACCESS;
        const name = LOG_LEVEL_NAMES[level];
        if (name === undefined) return Status.BAD_ARGUMENT;
        vm.log(name, message, "module", vm.contextOrEffective());
        return Status.OK;
      },
    ],
    proxy_get_log_level: [
      "i:i",
      (levelPtr: number) => (vm.memory.setU32(levelPtr, vm.logLevelNumber()) ? Status.OK : Status.INVALID_MEMORY_ACCESS),
    ],
  };
}
