/** Time hostcalls: `proxy_set_tick_period_milliseconds`, `proxy_get_current_time_nanoseconds` (virtual clock). */
import { Status } from "../abi/enums.ts";
import type { CallingVm, ClockPort, ModuleMemory } from "./ports.ts";
import type { ImportSet } from "./types.ts";

export function timerImports(memory: ModuleMemory, vm: CallingVm, clock: ClockPort): ImportSet {
  return {
    proxy_set_tick_period_milliseconds: [
      "i:i",
      (periodMs: number) => {
        vm.context().root().setTickPeriod(periodMs >>> 0);
        return Status.OK;
      },
    ],
    proxy_get_current_time_nanoseconds: [
      "i:i",
      (resultPtr: number) => (memory.setU64(resultPtr, clock.nowNanoseconds()) ? Status.OK : Status.INVALID_MEMORY_ACCESS),
    ],
  };
}
