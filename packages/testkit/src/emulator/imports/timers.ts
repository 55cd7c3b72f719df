/** Time hostcalls: `proxy_set_tick_period_milliseconds`, `proxy_get_current_time_nanoseconds` (virtual clock). */
import { Status } from "../abi.ts";
import type { Vm } from "../vm.ts";
import type { ImportSet } from "./types.ts";

export function timerImports(vm: Vm): ImportSet {
  return {
    proxy_set_tick_period_milliseconds: [
      "i:i",
      (periodMs: number) => {
        vm.contextOrEffective().root().setTickPeriod(periodMs >>> 0);
        return Status.OK;
      },
    ],
    proxy_get_current_time_nanoseconds: [
      "i:i",
      (resultPtr: number) => (vm.memory.setU64(resultPtr, vm.host.clock.nowNanoseconds()) ? Status.OK : Status.INVALID_MEMORY_ACCESS),
    ],
  };
}
