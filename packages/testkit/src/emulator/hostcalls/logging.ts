/** Logging hostcalls: `proxy_log`, `proxy_get_log_level`. */
import { LOG_LEVEL_NAMES, type LogLevelName, Status } from "../abi/enums.ts";
import type { CallingVm, ModuleMemory } from "./ports.ts";
import type { ImportSet } from "./types.ts";

export function loggingImports(memory: ModuleMemory, vm: CallingVm, logLevel: () => LogLevelName): ImportSet {
  return {
    proxy_log: [
      "iii:i",
      (level: number, messagePtr: number, messageSize: number) => {
        const message = memory.readString(messagePtr, messageSize);
        if (message === null) return Status.INVALID_MEMORY_ACCESS;
        const name = LOG_LEVEL_NAMES[level];
        if (name === undefined) return Status.BAD_ARGUMENT;
        vm.log(name, message, "module");
        return Status.OK;
      },
    ],
    proxy_get_log_level: [
      "i:i",
      (levelPtr: number) => (memory.setU32(levelPtr, LOG_LEVEL_NAMES.indexOf(logLevel())) ? Status.OK : Status.INVALID_MEMORY_ACCESS),
    ],
  };
}
