/** The WASI errno values Envoy's host functions return (wasi-libc `__WASI_ERRNO_*`). */
export const WasiErrno = {
  SUCCESS: 0,
  BADF: 8,
  NOTDIR: 20,
  FAULT: 21,
  INVAL: 28,
  NOENT: 44,
  NOSYS: 52,
  NOTSUP: 58,
} as const;

/** Envoy only knows stdout and stderr; every other descriptor is a bad one. */
export function isStandardOutput(fd: number): boolean {
  return fd === 1 || fd === 2;
}
