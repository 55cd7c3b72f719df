/**
 * The WASI functions Envoy provides only so that modules built for WASI
 * (Go's wasip1 runtime, TinyGo, wasi-libc) link: there is no file system and
 * no sockets. Each returns the errno Envoy's host returns (proxy-wasm-cpp-host
 * `src/exports.cc`), with Envoy's declared signature — which is what its
 * runtime checks at link time, even where it differs from the WASI spec
 * (`path_link` and `path_symlink` take one parameter fewer).
 */
import type { ModuleMemory } from "./ports.ts";
import type { HostFunction, ImportSet } from "./types.ts";
import { isStandardOutput, WasiErrno } from "./wasi-errno.ts";

const { SUCCESS, BADF, NOTDIR, FAULT, NOENT, NOSYS, NOTSUP } = WasiErrno;

/** `SUCCESS` on stdout/stderr (nothing to do for a log stream), `BADF` elsewhere. */
const noOpOnStandardOutput: HostFunction = (fd: number) => (isStandardOutput(fd) ? SUCCESS : BADF);

export function wasiFileSystemStubs(): ImportSet {
  return {
    // No preopened directories, so the module never tries a path lookup.
    fd_prestat_get: ["ii:i", () => BADF],
    fd_prestat_dir_name: ["iii:i", () => NOSYS],
    path_open: ["iiiiillii:i", () => NOENT],
    fd_filestat_get: ["ii:i", () => BADF],
    path_filestat_get: ["iiiii:i", () => NOTSUP],
    // The flags (append, nonblock, sync...) mean nothing for a log stream.
    fd_fdstat_set_flags: ["ii:i", () => NOSYS],
    fd_fdstat_set_rights: ["ill:i", noOpOnStandardOutput],
    fd_advise: ["illi:i", () => SUCCESS],
    fd_allocate: ["ill:i", noOpOnStandardOutput],
    fd_datasync: ["i:i", noOpOnStandardOutput],
    fd_sync: ["i:i", noOpOnStandardOutput],
    fd_filestat_set_size: ["il:i", noOpOnStandardOutput],
    fd_filestat_set_times: ["illi:i", noOpOnStandardOutput],
    fd_pread: ["iiili:i", () => NOSYS],
    fd_renumber: ["ii:i", (fd: number, to: number) => (isStandardOutput(fd) && isStandardOutput(to) ? NOTSUP : BADF)],
    path_create_directory: ["iii:i", () => NOTSUP],
    path_filestat_set_times: ["iiiilli:i", () => NOTSUP],
    path_link: ["iiiiii:i", () => NOTSUP],
    path_remove_directory: ["iii:i", () => NOTSUP],
    path_rename: ["iiiiii:i", () => NOTSUP],
    path_symlink: ["iiii:i", () => NOTSUP],
    path_unlink_file: ["iii:i", () => NOTSUP],
  };
}

/** The stubs that, like Envoy's, zero their result pointers before refusing. */
export function wasiZeroingStubs(memory: ModuleMemory): ImportSet {
  const zero = (ptr: number, size: number) => memory.setBytes(ptr, new Uint8Array(size));
  return {
    fd_readdir: ["iiili:i", (_fd: number, _buf: number, _bufLength: number, _cookie: bigint, readPtr: number) => (zero(readPtr, 4) ? NOTDIR : FAULT)],
    fd_tell: ["ii:i", (fd: number, offsetPtr: number) => (!isStandardOutput(fd) ? BADF : zero(offsetPtr, 8) ? SUCCESS : FAULT)],
    path_readlink: ["iiiiii:i", (_fd: number, _path: number, _pathLength: number, _buf: number, _bufLength: number, readPtr: number) => (zero(readPtr, 4) ? NOTSUP : FAULT)],
    // Envoy writes the accepted descriptor as a 64-bit zero.
    sock_accept: ["iii:i", (_fd: number, _flags: number, fdPtr: number) => (zero(fdPtr, 8) ? NOTSUP : FAULT)],
    sock_recv: [
      "iiiiii:i",
      (_fd: number, _data: number, _dataLength: number, _flags: number, receivedPtr: number, flagsPtr: number) =>
        zero(receivedPtr, 4) && zero(flagsPtr, 2) ? NOTSUP : FAULT,
    ],
    sock_send: ["iiiii:i", (_fd: number, _data: number, _dataLength: number, _flags: number, sentPtr: number) => (zero(sentPtr, 4) ? NOTSUP : FAULT)],
    sock_shutdown: ["ii:i", () => NOTSUP],
  };
}
