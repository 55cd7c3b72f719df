/**
 * The WASI functions Envoy provides (as `wasi_snapshot_preview1` and
 * `wasi_unstable`), with its behaviour: stdout/stderr become info/error log
 * lines, clocks follow the host clock, environment variables are the VM's,
 * there are no arguments and no files, and `proc_exit` only logs (the module
 * is expected to trap right after). Plus the two `env` helpers Envoy offers.
 */
import { randomFillSync } from "node:crypto";
import type { Vm } from "../vm.ts";
import type { ImportSet } from "./types.ts";

const SUCCESS = 0;
const BADF = 8;
const FAULT = 21;
const INVAL = 28;
const NOSYS = 52;
const NOTSUP = 58;
const RANDOM_MAX_BYTES = 64 * 1024;

export function wasiImports(vm: Vm): ImportSet {
  const memory = vm.memory;
  const environBytes = () => vm.environment.map(([key, value]) => Buffer.from(`${key}=${value}\0`, "utf8"));
  return {
    fd_write: [
      "iiii:i",
      (fd: number, iovs: number, iovsLength: number, writtenPtr: number) => {
        if (fd !== 1 && fd !== 2) return BADF;
        let text = "";
        for (let i = 0; i < iovsLength; i++) {
          if (!memory.inBounds(iovs + i * 8, 8)) return FAULT;
          const ptr = memory.getU32(iovs + i * 8);
          const length = memory.getU32(iovs + i * 8 + 4);
          const part = memory.readString(ptr, length);
          if (part === null) return FAULT;
          text += part;
        }
        const written = Buffer.byteLength(text, "utf8");
        if (written > 0) {
          vm.log(fd === 1 ? "info" : "error", text.endsWith("\n") ? text.slice(0, -1) : text, fd === 1 ? "stdout" : "stderr", vm.contextOrEffective());
        }
        return memory.setU32(writtenPtr, written) ? SUCCESS : FAULT;
      },
    ],
    fd_read: ["iiii:i", () => NOSYS],
    fd_seek: [
      "ilii:i",
      () => {
        vm.log("error", "wasi_unstable fd_seek", "host", vm.contextOrEffective());
        return SUCCESS;
      },
    ],
    fd_close: [
      "i:i",
      () => {
        vm.log("error", "wasi_unstable fd_close", "host", vm.contextOrEffective());
        return SUCCESS;
      },
    ],
    fd_fdstat_get: [
      "ii:i",
      (fd: number, statPtr: number) => {
        if (fd !== 1 && fd !== 2) return BADF;
        const stat = new Uint8Array(24);
        stat[8] = 64; // fs_rights_base = FD_WRITE
        return memory.setBytes(statPtr, stat) ? SUCCESS : FAULT;
      },
    ],
    clock_time_get: [
      "ili:i",
      (clockId: number, _precision: bigint, resultPtr: number) => {
        const clock = vm.host.clock;
        if (clockId !== 0 && clockId !== 1) return NOTSUP;
        return memory.setU64(resultPtr, clockId === 0 ? clock.nowNanoseconds() : clock.monotonicNanoseconds()) ? SUCCESS : FAULT;
      },
    ],
    random_get: [
      "ii:i",
      (bufferPtr: number, length: number) => {
        if (length > RANDOM_MAX_BYTES) return INVAL;
        if (length === 0) return SUCCESS;
        return memory.setBytes(bufferPtr, randomFillSync(new Uint8Array(length))) ? SUCCESS : FAULT;
      },
    ],
    environ_get: [
      "ii:i",
      (environPtr: number, environBuffer: number) => {
        for (const entry of environBytes()) {
          if (!memory.setU32(environPtr, environBuffer) || !memory.setBytes(environBuffer, entry)) return FAULT;
          environBuffer += entry.length;
          environPtr += 4;
        }
        return SUCCESS;
      },
    ],
    environ_sizes_get: [
      "ii:i",
      (countPtr: number, sizePtr: number) => {
        const entries = environBytes();
        const size = entries.reduce((sum, entry) => sum + entry.length, 0);
        return memory.setU32(countPtr, entries.length) && memory.setU32(sizePtr, size) ? SUCCESS : FAULT;
      },
    ],
    args_get: ["ii:i", () => SUCCESS],
    args_sizes_get: ["ii:i", (argcPtr: number, sizePtr: number) => (memory.setU32(argcPtr, 0) && memory.setU32(sizePtr, 0) ? SUCCESS : FAULT)],
    proc_exit: [
      "i:",
      () => {
        vm.log("error", "wasi_unstable proc_exit", "host", vm.contextOrEffective());
      },
    ],
  };
}

export function envHelperImports(): ImportSet {
  return {
    pthread_equal: ["ii:i", (left: number, right: number) => (left === right ? 1 : 0)],
    emscripten_notify_memory_growth: ["i:", () => {}],
  };
}
