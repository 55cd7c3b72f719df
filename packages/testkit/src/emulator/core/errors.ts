/**
 * Typed errors of the emulator. Each carries a stable `code` that tests and
 * the scenario runner can match on, quotes the offending value, and says what
 * to do about it.
 */

export type EmulatorErrorCode =
  | "E_INVALID_WASM"
  | "E_NO_ABI_VERSION"
  | "E_NO_ALLOCATOR"
  | "E_MISSING_IMPORT"
  | "E_IMPORT_TYPE_MISMATCH"
  | "E_VM_START_REJECTED"
  | "E_CONFIGURE_REJECTED"
  | "E_VM_FAILED"
  | "E_DUPLICATE_ROOT_ID"
  | "E_STREAM_STALLED"
  | "E_STREAM_STATE"
  | "E_UPSTREAM_FAILED";

export class EmulatorError extends Error {
  readonly code: EmulatorErrorCode;

  constructor(code: EmulatorErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "EmulatorError";
    this.code = code;
  }
}

/** A log line captured from a module, attached to errors raised while starting it. */
export interface CapturedLogLine {
  readonly level: string;
  readonly message: string;
}

function formatLogs(logs: readonly CapturedLogLine[]): string {
  if (logs.length === 0) return " The module logged nothing.";
  return "\nModule log:\n" + logs.map((line) => `  [${line.level}] ${line.message}`).join("\n");
}

export class InvalidWasmError extends EmulatorError {
  constructor(source: string, cause: unknown) {
    super("E_INVALID_WASM", `cannot compile ${source} as WebAssembly: ${String((cause as Error)?.message ?? cause)}. Pass the bytes of a built .wasm file.`, { cause });
    this.name = "InvalidWasmError";
  }
}

export class NoAbiVersionError extends EmulatorError {
  readonly exports: readonly string[];
  constructor(source: string, exports: readonly string[]) {
    super(
      "E_NO_ABI_VERSION",
      `Missing or unknown Proxy-Wasm ABI version in ${source}: it exports none of proxy_abi_version_0_2_1, proxy_abi_version_0_2_0, proxy_abi_version_0_1_0. Build it with a proxy-wasm SDK (the SDK exports the marker).`,
    );
    this.name = "NoAbiVersionError";
    this.exports = exports;
  }
}

export class NoAllocatorError extends EmulatorError {
  constructor(source: string) {
    super("E_NO_ALLOCATOR", `${source} exports neither \`malloc\` nor \`proxy_on_memory_allocate\`: the host cannot hand it any data. Export the SDK's allocator.`);
    this.name = "NoAllocatorError";
  }
}

export class MissingImportError extends EmulatorError {
  /** Every unresolved import, as `module.name`. */
  readonly imports: readonly string[];
  constructor(source: string, imports: readonly string[]) {
    super(
      "E_MISSING_IMPORT",
      `missing import: ${imports.join(", ")} (in ${source}). Envoy refuses a module with an import it does not provide; remove the dependency that pulls it in (AssemblyScript: route abort/trace/seed with --use).`,
    );
    this.name = "MissingImportError";
    this.imports = imports;
  }
}

export class ImportTypeMismatchError extends EmulatorError {
  readonly importName: string;
  constructor(source: string, importName: string, expected: string, actual: string) {
    super("E_IMPORT_TYPE_MISMATCH", `import type mismatch: ${importName} in ${source} is declared ${actual}, the host provides ${expected}. Fix the declaration to match the proxy-wasm ABI.`);
    this.name = "ImportTypeMismatchError";
    this.importName = importName;
  }
}

export class VmStartRejectedError extends EmulatorError {
  readonly logs: readonly CapturedLogLine[];
  constructor(vmId: string, logs: readonly CapturedLogLine[]) {
    super("E_VM_START_REJECTED", `proxy_on_vm_start of VM "${vmId}" returned false: the VM configuration was rejected.${formatLogs(logs)}`);
    this.name = "VmStartRejectedError";
    this.logs = logs;
  }
}

export class ConfigureRejectedError extends EmulatorError {
  readonly logs: readonly CapturedLogLine[];
  readonly rootId: string;
  constructor(pluginName: string, rootId: string, logs: readonly CapturedLogLine[]) {
    super(
      "E_CONFIGURE_REJECTED",
      `plugin "${pluginName}" (root id "${rootId}") rejected its configuration: proxy_on_configure returned false. Envoy would refuse the listener.${formatLogs(logs)}`,
    );
    this.name = "ConfigureRejectedError";
    this.logs = logs;
    this.rootId = rootId;
  }
}

export class VmFailedError extends EmulatorError {
  readonly logs: readonly CapturedLogLine[];
  constructor(vmId: string, during: string, reason: string, logs: readonly CapturedLogLine[], cause?: unknown) {
    super("E_VM_FAILED", `VM "${vmId}" failed during ${during}: ${reason}.${formatLogs(logs)}`, { cause });
    this.name = "VmFailedError";
    this.logs = logs;
  }
}

export class DuplicateRootIdError extends EmulatorError {
  constructor(vmId: string, rootId: string) {
    super("E_DUPLICATE_ROOT_ID", `VM "${vmId}" already has a plugin with root id "${rootId}". Give each plugin of one VM its own root id.`);
    this.name = "DuplicateRootIdError";
  }
}

export class StreamStalledError extends EmulatorError {
  constructor(what: string) {
    super(
      "E_STREAM_STALLED",
      `${what} is paused and nothing can resume it: no timer is armed and no callout is in flight. The filter returned Stop without arranging a proxy_continue_stream (or send_local_response).`,
    );
    this.name = "StreamStalledError";
  }
}

export class StreamStateError extends EmulatorError {
  constructor(message: string) {
    super("E_STREAM_STATE", message);
    this.name = "StreamStateError";
  }
}
