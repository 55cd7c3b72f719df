// Observations: each check logs `conformance: <hostcall> -> <result>` at INFO
// (the line the emulator and real Envoy runs are compared on) and counts
// whether the result matched what proxy-wasm-cpp-host / Envoy answer.
// Results are normalised: no times, ids or random values appear in them.

import { LogLevel, writeLog } from "@envoyscript/sdk/assembly";

export class Observer {
  passed: i32 = 0;
  failed: string[] = [];

  /** Logs `conformance: <what> -> <result>` and compares it with `expected`. */
  expect(what: string, result: string, expected: string): void {
    observe(what, result);
    if (result == expected) this.passed++;
    else this.failed.push(what);
  }

  /** Logs an observation without an expectation (host-specific values). */
  note(what: string, result: string): void {
    observe(what, result);
  }

  /** `passed/total` for the x-conformance-checks header. */
  summary(): string {
    return this.passed.toString() + "/" + (this.passed + this.failed.length).toString();
  }
}

/** Logs one observation at INFO, unconditionally (observations must not depend on the host's level). */
export function observe(what: string, result: string): void {
  writeLog(LogLevel.Info, "conformance: " + what + " -> " + result);
}

export function show(value: string | null): string {
  return value === null ? "null" : "\"" + value + "\"";
}

export function yesNo(value: bool): string {
  return value ? "true" : "false";
}
