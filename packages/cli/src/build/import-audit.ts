/**
 * The import audit: Envoy refuses a module with any import it does not
 * provide ("missing import: env.xyz"), and a module without the ABI marker or
 * an allocator. Checking after every build turns a refused listener at deploy
 * time into a build error that names the import.
 */

/** Host functions of proxy-wasm ABI 0.2.1 that Envoy provides in module `env`. */
export const PROXY_WASM_0_2_1_HOST_FUNCTIONS: readonly string[] = [
  "proxy_log",
  "proxy_get_log_level",
  "proxy_get_current_time_nanoseconds",
  "proxy_set_tick_period_milliseconds",
  "proxy_done",
  "proxy_set_effective_context",
  "proxy_get_buffer_bytes",
  "proxy_set_buffer_bytes",
  "proxy_get_buffer_status",
  "proxy_get_header_map_size",
  "proxy_get_header_map_pairs",
  "proxy_set_header_map_pairs",
  "proxy_get_header_map_value",
  "proxy_add_header_map_value",
  "proxy_replace_header_map_value",
  "proxy_remove_header_map_value",
  "proxy_continue_stream",
  "proxy_close_stream",
  "proxy_get_status",
  "proxy_send_local_response",
  "proxy_http_call",
  "proxy_grpc_call",
  "proxy_grpc_stream",
  "proxy_grpc_send",
  "proxy_grpc_cancel",
  "proxy_grpc_close",
  "proxy_get_shared_data",
  "proxy_set_shared_data",
  "proxy_register_shared_queue",
  "proxy_resolve_shared_queue",
  "proxy_enqueue_shared_queue",
  "proxy_dequeue_shared_queue",
  "proxy_define_metric",
  "proxy_increment_metric",
  "proxy_record_metric",
  "proxy_get_metric",
  "proxy_get_property",
  "proxy_set_property",
  "proxy_call_foreign_function",
];

/**
 * WASI functions Envoy provides, the same set under both WASI module names:
 * proxy-wasm-cpp-host's FOR_ALL_WASI_FUNCTIONS as pinned by Envoy 1.40. Most
 * are stubs (no files, no sockets) that exist so that modules built for WASI
 * (Go's wasip1 target, TinyGo, wasi-libc) link.
 */
export const ENVOY_WASI_FUNCTIONS: readonly string[] = [
  // stdout/stderr (log lines) and descriptor bookkeeping
  "fd_write",
  "fd_pwrite",
  "fd_read",
  "fd_pread",
  "fd_seek",
  "fd_tell",
  "fd_close",
  "fd_fdstat_get",
  "fd_fdstat_set_flags",
  "fd_fdstat_set_rights",
  "fd_advise",
  "fd_allocate",
  "fd_datasync",
  "fd_sync",
  "fd_filestat_get",
  "fd_filestat_set_size",
  "fd_filestat_set_times",
  "fd_readdir",
  "fd_renumber",
  // preopens and paths: none exist
  "fd_prestat_get",
  "fd_prestat_dir_name",
  "path_open",
  "path_create_directory",
  "path_filestat_get",
  "path_filestat_set_times",
  "path_link",
  "path_readlink",
  "path_remove_directory",
  "path_rename",
  "path_symlink",
  "path_unlink_file",
  // sockets: refused
  "sock_accept",
  "sock_recv",
  "sock_send",
  "sock_shutdown",
  // process, clocks, randomness, scheduling
  "environ_get",
  "environ_sizes_get",
  "args_get",
  "args_sizes_get",
  "clock_time_get",
  "clock_res_get",
  "random_get",
  "sched_yield",
  "poll_oneoff",
  "proc_exit",
];

const ENV_EXTRAS = ["pthread_equal", "emscripten_notify_memory_growth"];

/** Every `module.name` import Envoy resolves for an ABI 0.2.1 module. */
export const ENVOY_PROVIDED_IMPORTS: ReadonlySet<string> = new Set([
  ...PROXY_WASM_0_2_1_HOST_FUNCTIONS.map((name) => `env.${name}`),
  ...ENV_EXTRAS.map((name) => `env.${name}`),
  ...ENVOY_WASI_FUNCTIONS.map((name) => `wasi_snapshot_preview1.${name}`),
  ...ENVOY_WASI_FUNCTIONS.map((name) => `wasi_unstable.${name}`),
]);

/** Exports Envoy looks up before it starts a module. */
export const REQUIRED_EXPORTS: readonly string[] = ["proxy_abi_version_0_2_1", "malloc", "proxy_on_memory_allocate"];

/** Why the host would explain a given forbidden import, for the error message. */
function hintFor(importName: string): string {
  switch (importName) {
    case "env.abort":
      return "build with the @envoyscript/sdk preset, which routes abort to proxy_log and a trap";
    case "env.seed":
      return "Math.random needs a seed: build with the @envoyscript/sdk preset (seeded from WASI random_get)";
    case "env.trace":
      return "trace() is routed to proxy_log by the @envoyscript/sdk preset; or use log.info()";
    case "env.Date.now":
      return "use the SDK's time helpers (proxy_get_current_time_nanoseconds) instead of Date.now()";
    default:
      return "Envoy does not provide it; remove the declaration or the library that brings it";
  }
}

export interface AuditFinding {
  /** `module.name` of the import or export concerned. */
  readonly name: string;
  readonly problem: "forbidden-import" | "non-function-import" | "missing-export";
  readonly hint: string;
}

/** A module Envoy would refuse. `findings` names every offending import or export. */
export class ImportAuditError extends Error {
  readonly code = "E_IMPORT_AUDIT";
  constructor(
    readonly modulePath: string,
    readonly findings: readonly AuditFinding[],
  ) {
    super(
      `import audit failed for "${modulePath}": Envoy would refuse this module\n` +
        findings.map((finding) => `  - ${describe(finding)}`).join("\n"),
    );
    this.name = "ImportAuditError";
  }
}

function describe(finding: AuditFinding): string {
  switch (finding.problem) {
    case "forbidden-import":
      return `imports ${finding.name}: ${finding.hint}`;
    case "non-function-import":
      return `imports ${finding.name} which is not a function: ${finding.hint}`;
    case "missing-export":
      return `does not export ${finding.name}: ${finding.hint}`;
  }
}

/** Lists what in `wasm` Envoy would refuse; an empty list means Envoy would load it. */
export function auditModule(wasm: BufferSource): AuditFinding[] {
  const module = new WebAssembly.Module(wasm);
  const findings: AuditFinding[] = [];
  for (const entry of WebAssembly.Module.imports(module)) {
    const name = `${entry.module}.${entry.name}`;
    if (entry.kind !== "function") {
      findings.push({ name, problem: "non-function-import", hint: "Envoy provides functions only (export the memory instead of importing it)" });
    } else if (!ENVOY_PROVIDED_IMPORTS.has(name)) {
      findings.push({ name, problem: "forbidden-import", hint: hintFor(name) });
    }
  }
  const exported = new Set(WebAssembly.Module.exports(module).map((entry) => entry.name));
  for (const name of REQUIRED_EXPORTS) {
    if (!exported.has(name)) {
      findings.push({ name, problem: "missing-export", hint: "export the SDK's ABI entry (export * from \"@envoyscript/sdk/assembly/proxy\")" });
    }
  }
  return findings;
}

/** Throws an {@link ImportAuditError} naming each offending import when Envoy would refuse `wasm`. */
export function assertEnvoyLoadable(wasm: BufferSource, modulePath: string): void {
  const findings = auditModule(wasm);
  if (findings.length > 0) throw new ImportAuditError(modulePath, findings);
}
