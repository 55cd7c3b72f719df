/**
 * Every log line of the emulated Envoy: what modules log through `proxy_log`
 * and WASI stdout/stderr, and what the host itself reports (traps, refused
 * configurations). Lines are kept whatever the configured log level, so a
 * test can read debug lines too.
 */
import { LOG_LEVEL_NAMES, type LogLevelName } from "../abi/enums.ts";
import type { LogSource } from "../hostcalls/ports.ts";

export interface LogEntry {
  readonly level: LogLevelName;
  readonly message: string;
  /** "module" (proxy_log), "stdout"/"stderr" (WASI fd_write) or "host" (the emulator's own report). */
  readonly source: LogSource;
  readonly vmId: string;
  readonly rootId: string;
  readonly pluginName: string;
  readonly contextId: number;
}

export class LogSink {
  readonly entries: LogEntry[] = [];
  /** Echo every line to the console (handy while writing a test). */
  echo = false;

  add(entry: LogEntry): void {
    this.entries.push(entry);
    if (this.echo) console.log(`[${entry.level}] ${entry.vmId}/${entry.rootId}: ${entry.message}`);
  }

  /** Lines at exactly `level`. */
  byLevel(level: LogLevelName): LogEntry[] {
    return this.entries.filter((entry) => entry.level === level);
  }

  /** Lines at `level` or above. */
  atLeast(level: LogLevelName): LogEntry[] {
    const min = LOG_LEVEL_NAMES.indexOf(level);
    return this.entries.filter((entry) => LOG_LEVEL_NAMES.indexOf(entry.level) >= min);
  }

  /** Messages, optionally of one level only. */
  messages(level?: LogLevelName): string[] {
    return (level ? this.byLevel(level) : this.entries).map((entry) => entry.message);
  }

  /** Lines of one plugin (by root id, and VM id when given). */
  forPlugin(rootId: string, vmId?: string): LogEntry[] {
    return this.entries.filter((entry) => entry.rootId === rootId && (vmId === undefined || entry.vmId === vmId));
  }

  clear(): void {
    this.entries.length = 0;
  }
}
