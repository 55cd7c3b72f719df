/**
 * The WASI functions Envoy provides (as `wasi_snapshot_preview1` and
 * `wasi_unstable`, the same set under both names — proxy-wasm-cpp-host's
 * FOR_ALL_WASI_FUNCTIONS), with its behaviour: stdout/stderr become info/error
 * log lines, clocks follow the host clock, environment variables are the VM's,
 * there are no arguments, `sched_yield` and `poll_oneoff` return at once (Go's
 * wasip1 scheduler calls them), and `proc_exit` only logs (the module is
 * expected to trap right after). File and socket functions are in
 * wasi-stubs.ts. Plus the two `env` helpers Envoy offers.
 */
import { randomFillSync } from "node:crypto";
import type { CallingVm, ClockPort, ModuleMemory } from "./ports.ts";
import type { ImportSet } from "./types.ts";
import { isStandardOutput, WasiErrno } from "./wasi-errno.ts";
import { wasiFileSystemStubs, wasiZeroingStubs } from "./wasi-stubs.ts";

const { SUCCESS, BADF, FAULT, INVAL, NOSYS, NOTSUP } = WasiErrno;
const RANDOM_MAX_BYTES = 64 * 1024;
const CLOCK_REALTIME = 0;
const CLOCK_MONOTONIC = 1;

export function wasiImports(memory: ModuleMemory, vm: CallingVm, clock: ClockPort): ImportSet {
  return {
    ...outputImports(memory, vm),
    ...clockImports(memory, clock),
    ...environmentImports(memory, vm),
    ...schedulingImports(memory),
    ...wasiFileSystemStubs(),
    ...wasiZeroingStubs(memory),
  };
}

/** Gathers the iovecs written to stdout/stderr into one log line; the errno, or the byte count. */
function writeToLog(memory: ModuleMemory, vm: CallingVm, fd: number, iovs: number, iovsLength: number): { errno: number; written: number } {
  if (!isStandardOutput(fd)) return { errno: BADF, written: 0 };
  iovs >>>= 0;
  const parts: Uint8Array[] = [];
  for (let i = 0; i < iovsLength; i++) {
    if (!memory.inBounds(iovs + i * 8, 8)) return { errno: FAULT, written: 0 };
    const length = memory.getU32(iovs + i * 8 + 4);
    if (length === 0) continue;
    const part = memory.copyBytes(memory.getU32(iovs + i * 8), length);
    if (part === null) return { errno: FAULT, written: 0 };
    parts.push(part);
  }
  const bytes = Buffer.concat(parts);
  if (bytes.length > 0) {
    const text = bytes.toString("utf8");
    vm.log(fd === 1 ? "info" : "error", text.endsWith("\n") ? text.slice(0, -1) : text, fd === 1 ? "stdout" : "stderr");
  }
  return { errno: SUCCESS, written: bytes.length };
}

function outputImports(memory: ModuleMemory, vm: CallingVm): ImportSet {
  const write = (fd: number, iovs: number, iovsLength: number, writtenPtr: number) => {
    const { errno, written } = writeToLog(memory, vm, fd, iovs, iovsLength);
    if (errno !== SUCCESS) return errno;
    return memory.setU32(writtenPtr, written) ? SUCCESS : FAULT;
  };
  const logCall = (name: string) => () => {
    vm.log("error", `wasi_unstable ${name}`, "host");
    return SUCCESS;
  };
  return {
    fd_write: ["iiii:i", write],
    // Envoy ignores the offset: a positioned write to stdout/stderr is a log line too.
    fd_pwrite: ["iiili:i", (fd: number, iovs: number, iovsLength: number, _offset: bigint, writtenPtr: number) => write(fd, iovs, iovsLength, writtenPtr)],
    fd_read: ["iiii:i", () => NOSYS],
    fd_seek: ["ilii:i", logCall("fd_seek")],
    fd_close: ["i:i", logCall("fd_close")],
    fd_fdstat_get: [
      "ii:i",
      (fd: number, statPtr: number) => {
        if (!isStandardOutput(fd)) return BADF;
        const stat = new Uint8Array(24);
        stat[8] = 64; // fs_rights_base = FD_WRITE
        return memory.setBytes(statPtr, stat) ? SUCCESS : FAULT;
      },
    ],
    proc_exit: ["i:", () => void logCall("proc_exit")()],
  };
}

function clockImports(memory: ModuleMemory, clock: ClockPort): ImportSet {
  const isSupported = (clockId: number) => clockId === CLOCK_REALTIME || clockId === CLOCK_MONOTONIC;
  return {
    clock_time_get: [
      "ili:i",
      (clockId: number, _precision: bigint, resultPtr: number) => {
        if (!isSupported(clockId)) return NOTSUP;
        return memory.setU64(resultPtr, clockId === CLOCK_REALTIME ? clock.nowNanoseconds() : clock.monotonicNanoseconds()) ? SUCCESS : FAULT;
      },
    ],
    // Envoy reports a 1ns resolution for both clocks it supports.
    clock_res_get: ["ii:i", (clockId: number, resultPtr: number) => (!isSupported(clockId) ? NOTSUP : memory.setU64(resultPtr, 1n) ? SUCCESS : FAULT)],
  };
}

function environmentImports(memory: ModuleMemory, vm: CallingVm): ImportSet {
  const environBytes = () => vm.environment.map(([key, value]) => Buffer.from(`${key}=${value}\0`, "utf8"));
  return {
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
  };
}

/** A single-threaded VM never waits: yielding is a no-op and polling reports no events at once. */
function schedulingImports(memory: ModuleMemory): ImportSet {
  return {
    sched_yield: [":i", () => SUCCESS],
    // Go's runtime treats any errno here as fatal, so Envoy returns SUCCESS with zero events.
    poll_oneoff: ["iiii:i", (_in: number, _out: number, _subscriptions: number, eventsPtr: number) => (memory.setU32(eventsPtr, 0) ? SUCCESS : FAULT)],
  };
}

export function envHelperImports(): ImportSet {
  return {
    pthread_equal: ["ii:i", (left: number, right: number) => (left === right ? 1 : 0)],
    emscripten_notify_memory_growth: ["i:", () => {}],
  };
}
