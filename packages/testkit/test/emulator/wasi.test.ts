// The WASI functions Envoy provides beyond stdout/stderr: the ones Go's
// wasip1 runtime and wasi-libc import. Each call's errno is what Envoy's host
// (proxy-wasm-cpp-host src/exports.cc) returns; a hand-built module calls
// them from _initialize and stores every errno for the test to read.
import { describe, expect, it } from "vitest";
import { Host, ImportTypeMismatchError, MissingImportError, type Vm } from "../../src/emulator/index.ts";
import { fnType, type ImportSpec, minimalProxyModule, op } from "../fixtures/wasm-builder.ts";

type Arg = number | { i64: number };
interface WasiCall {
  module?: "wasi_snapshot_preview1" | "wasi_unstable";
  name: string;
  args: Arg[];
  /** Envoy's result type; void functions store nothing. */
  returns?: "void";
}

const ERRNO_AREA = 4096;
const SCRATCH = 8192; // result pointers land here
const NEVENTS = 8192;
const CLOCK_RESOLUTION = 8200;
const MONOTONIC_NOW = 8208;
const READDIR_COUNT = 8216;
const TELL_OFFSET = 8224;
const IOVEC = 8240;
const TEXT = 8256;
const PWRITE_TEXT = "pwrite says hi\n";

const i64 = (value: number) => ({ i64: value });

/** The calls, in order; errno i lands at ERRNO_AREA + 4 * i. */
const CALLS: WasiCall[] = [
  { name: "sched_yield", args: [] },
  { name: "poll_oneoff", args: [0, 0, 1, NEVENTS] },
  { name: "fd_prestat_get", args: [3, SCRATCH + 64] },
  { name: "fd_prestat_dir_name", args: [3, SCRATCH + 64, 8] },
  { name: "path_open", args: [3, 0, TEXT, 1, 0, i64(0), i64(0), 0, SCRATCH + 64] },
  { name: "fd_fdstat_set_flags", args: [1, 4] },
  { name: "fd_fdstat_set_rights", args: [1, i64(0), i64(0)] },
  { name: "fd_fdstat_set_rights", args: [3, i64(0), i64(0)] },
  { name: "clock_res_get", args: [1, CLOCK_RESOLUTION] },
  { name: "clock_res_get", args: [2, SCRATCH + 64] },
  { name: "clock_time_get", args: [1, i64(0), MONOTONIC_NOW] },
  { name: "fd_filestat_get", args: [3, SCRATCH + 64] },
  { name: "path_filestat_get", args: [3, 0, TEXT, 1, SCRATCH + 64] },
  { name: "fd_readdir", args: [3, SCRATCH + 64, 8, i64(0), READDIR_COUNT] },
  { name: "fd_renumber", args: [1, 2] },
  { name: "fd_renumber", args: [1, 3] },
  { name: "fd_tell", args: [1, TELL_OFFSET] },
  { name: "fd_advise", args: [9, i64(0), i64(0), 0] },
  { name: "fd_allocate", args: [9, i64(0), i64(0)] },
  { name: "fd_sync", args: [2] },
  { name: "fd_pread", args: [3, IOVEC, 1, i64(0), SCRATCH + 64] },
  { module: "wasi_unstable", name: "fd_pwrite", args: [2, IOVEC, 1, i64(99), SCRATCH + 64] },
  { module: "wasi_unstable", name: "path_symlink", args: [TEXT, 1, 3, TEXT] },
  { name: "sock_recv", args: [3, IOVEC, 1, 0, SCRATCH + 64, SCRATCH + 72] },
  { name: "sock_shutdown", args: [3, 0] },
];

/** What Envoy returns for each call above. */
const ENVOY_ERRNOS = [0, 0, 8, 52, 44, 52, 0, 8, 0, 58, 0, 8, 58, 20, 58, 8, 0, 0, 8, 0, 52, 0, 58, 58, 58];

function importOf(call: WasiCall): ImportSpec {
  const params = call.args.map((arg) => (typeof arg === "number" ? "i32" : "i64") as "i32" | "i64");
  return { module: call.module ?? "wasi_snapshot_preview1", name: call.name, type: fnType(params, call.returns === "void" ? [] : ["i32"]) };
}

function moduleCallingEveryFunction(): Uint8Array {
  const imports = CALLS.map(importOf);
  const body = CALLS.flatMap((call, index) => [
    ...op.i32(ERRNO_AREA + index * 4),
    ...call.args.flatMap((arg) => (typeof arg === "number" ? op.i32(arg) : op.i64(arg.i64))),
    ...op.call(index),
    ...op.i32Store(),
  ]);
  return minimalProxyModule({
    imports,
    data: [
      { offset: NEVENTS, text: "\u00ff\u00ff\u00ff\u00ff" },
      { offset: READDIR_COUNT, text: "\u0007\u0007\u0007\u0007" },
      { offset: TELL_OFFSET, text: "\u0005\u0005\u0005\u0005\u0005\u0005\u0005\u0005" },
      { offset: IOVEC, text: `${String.fromCharCode(TEXT & 0xff, TEXT >> 8)}\u0000\u0000${String.fromCharCode(PWRITE_TEXT.length)}\u0000\u0000\u0000` },
      { offset: TEXT, text: PWRITE_TEXT },
    ],
    functions: [{ type: fnType([], []), export: "_initialize", body }],
  });
}

function u32(vm: Vm, offset: number): number {
  return new DataView(vm.readMemory(offset, 4).buffer).getUint32(0, true);
}

async function loadCaller(): Promise<{ host: Host; vm: Vm }> {
  const host = new Host();
  const vm = await host.loadVm({ wasm: moduleCallingEveryFunction() });
  return { host, vm };
}

describe("the WASI functions a Go (wasip1) module imports", () => {
  it("link under both WASI module names and return Envoy's errno for each call", async () => {
    const { vm } = await loadCaller();
    const errnos = CALLS.map((_, index) => u32(vm, ERRNO_AREA + index * 4));
    expect(CALLS.map((call, index) => `${call.name} -> ${errnos[index]}`)).toEqual(CALLS.map((call, index) => `${call.name} -> ${ENVOY_ERRNOS[index]}`));
  });

  it("report no events from poll_oneoff, a 1ns clock resolution and a non-zero monotonic clock", async () => {
    const { vm } = await loadCaller();
    const view = new DataView(vm.readMemory(SCRATCH, 64).buffer);
    expect(view.getUint32(NEVENTS - SCRATCH, true)).toBe(0);
    expect(view.getBigUint64(CLOCK_RESOLUTION - SCRATCH, true)).toBe(1n);
    // Go's runtime aborts at start ("nanotime returning zero") on a zero reading.
    expect(view.getBigUint64(MONOTONIC_NOW - SCRATCH, true)).toBeGreaterThan(0n);
  });

  it("zero the result pointers of fd_readdir and fd_tell, as Envoy does", async () => {
    const { vm } = await loadCaller();
    expect(u32(vm, READDIR_COUNT)).toBe(0);
    expect([...vm.readMemory(TELL_OFFSET, 8)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("logs fd_pwrite to stderr as an error line, ignoring the offset", async () => {
    const { host } = await loadCaller();
    expect(host.logs.messages("error")).toEqual(["pwrite says hi"]);
  });

  it("refuses a WASI import Envoy does not provide", async () => {
    const wasm = minimalProxyModule({ imports: [{ module: "wasi_snapshot_preview1", name: "proc_raise", type: fnType(["i32"], ["i32"]) }] });
    const error = await new Host().loadVm({ wasm }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingImportError);
    expect((error as MissingImportError).imports).toEqual(["wasi_snapshot_preview1.proc_raise"]);
  });

  it("refuses path_link with the WASI spec's seven parameters: Envoy declares six", async () => {
    const specSignature = fnType(["i32", "i32", "i32", "i32", "i32", "i32", "i32"], ["i32"]);
    const wasm = minimalProxyModule({ imports: [{ module: "wasi_snapshot_preview1", name: "path_link", type: specSignature }] });
    const error = await new Host().loadVm({ wasm }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportTypeMismatchError);
    expect((error as Error).message).toContain("wasi_snapshot_preview1.path_link");
  });
});
