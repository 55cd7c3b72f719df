// Test-only module: exposes the regex engine to vitest through plain
// numbers. JavaScript writes text into the scratch buffer (UTF-16 code
// units or UTF-8 bytes), then calls an export with the length. Compiled
// regexes live in `regexes`, addressed by handle.

import { Regex, RegexCompileResult } from "../../../assembly/regex/index";

let scratchBuffer = new ArrayBuffer(1024);
const regexes = new Array<Regex | null>();
let lastResult: RegexCompileResult | null = null;

/** A buffer of at least `byteLength` bytes for the next call; its address may change. */
export function scratch(byteLength: i32): usize {
  if (scratchBuffer.byteLength < byteLength) scratchBuffer = new ArrayBuffer(byteLength);
  return changetype<usize>(scratchBuffer);
}

function scratchString(units: i32): string {
  return String.UTF16.decodeUnsafe(changetype<usize>(scratchBuffer), <usize>units << 1);
}

/** Compiles the pattern in scratch (UTF-16); returns a handle, or -1 (see error*). */
export function compile(units: i32): i32 {
  const result = Regex.compile(scratchString(units));
  lastResult = result;
  if (!result.ok) return -1;
  regexes.push(result.regex);
  return regexes.length - 1;
}

export function errorPosition(): i32 {
  return lastResult!.position;
}

export function errorCode(): i32 {
  return lastResult!.code;
}

/** The error message of the last compile, as a string pointer (length at ptr - 4). */
export function errorMessage(): usize {
  return changetype<usize>(lastResult!.error);
}

export function errorCodeName(): usize {
  return changetype<usize>(lastResult!.codeName);
}

export function programSize(handle: i32): i32 {
  return regexes[handle]!.programSize;
}

export function release(handle: i32): void {
  regexes[handle] = null;
}

export function fullMatch(handle: i32, units: i32): bool {
  return regexes[handle]!.fullMatch(scratchString(units));
}

export function search(handle: i32, units: i32): bool {
  return regexes[handle]!.search(scratchString(units));
}

export function fullMatchUtf8(handle: i32, bytes: i32): bool {
  return regexes[handle]!.fullMatchUtf8(changetype<usize>(scratchBuffer), <usize>bytes);
}

export function searchUtf8(handle: i32, bytes: i32): bool {
  return regexes[handle]!.searchUtf8(changetype<usize>(scratchBuffer), <usize>bytes);
}

/** Runs fullMatch `times` times on the same input: shows that matching does not allocate. */
export function fullMatchRepeatedly(handle: i32, units: i32, times: i32): i32 {
  const input = scratchString(units);
  const regex = regexes[handle]!;
  let matches = 0;
  for (let i = 0; i < times; i++) if (regex.fullMatch(input)) matches++;
  return matches;
}

/** Bytes of memory in use by the module (grows only if something allocates). */
export function memoryBytes(): i32 {
  return memory.size() << 16;
}

/**
 * Address of a fresh 1-byte allocation. Under the stub runtime (which
 * never frees or reuses memory) two probes around some work differ by more
 * than two back-to-back probes exactly when that work allocated.
 */
export function allocationProbe(): usize {
  return __alloc(1);
}
