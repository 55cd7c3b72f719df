/**
 * One Wasm VM as the host runs it: loads a module the way Envoy does (ABI
 * marker, every import resolvable with the right signature, allocator,
 * `_initialize`/`_start`), keeps the registry of its contexts and which one
 * a hostcall acts on, and makes every call into the module. A trap marks the
 * VM failed for good, as in Envoy; later calls are skipped and streams
 * follow their plugin's failure policy (streams/), which may replace it
 * with a clone (FAIL_RELOAD).
 *
 * Internal: the public face of a VM is `Vm` in streams/plugin.ts.
 */
import { readFile } from "node:fs/promises";
import { ABI_MARKERS, type AbiVersion, type LogLevelName } from "../abi/enums.ts";
import { withAbsoluteSourceMapUrl } from "../abi/source-map-url.ts";
import { withMemoryCap } from "../abi/memory-limit.ts";
import { listImports } from "../abi/wasm-binary.ts";
import { BodyBuffer } from "../core/body-buffer.ts";
import { ImportTypeMismatchError, InvalidWasmError, MissingImportError, NoAbiVersionError, NoAllocatorError, VmFailedError } from "../core/errors.ts";
import type { CallContext, CallingVm, LogSource } from "../hostcalls/ports.ts";
import type { ImportSet } from "../hostcalls/types.ts";
import type { LogSink } from "../services/log-sink.ts";
import { GuestMemory } from "./memory.ts";

export type WasmSource = Uint8Array | ArrayBuffer | string | WebAssembly.Module;

export interface VmOptions {
  /** The module: its bytes, a path to a .wasm file, or a compiled module (bytes and paths get Envoy's 1 GiB memory limit, abi/memory-limit.ts; a compiled module keeps its own). */
  wasm: WasmSource;
  /** Envoy's `vm_id`; VMs with the same id share shared data and queues. @default "" */
  vmId?: string;
  /** Bytes handed to `proxy_on_vm_start` (Envoy's `vm_config.configuration`). @default "" */
  vmConfiguration?: string | Uint8Array;
  /** Environment variables the module reads through WASI `environ_get` (Envoy's `environment_variables`). */
  environment?: Record<string, string>;
}

export type WasmFunction = (...args: number[]) => unknown;

const CALLBACK_NAMES = [
  "proxy_on_context_create",
  "proxy_on_vm_start",
  "proxy_on_configure",
  "proxy_on_tick",
  "proxy_on_done",
  "proxy_on_log",
  "proxy_on_delete",
  "proxy_on_request_headers",
  "proxy_on_request_body",
  "proxy_on_request_trailers",
  "proxy_on_response_headers",
  "proxy_on_response_body",
  "proxy_on_response_trailers",
  "proxy_on_new_connection",
  "proxy_on_downstream_data",
  "proxy_on_upstream_data",
  "proxy_on_downstream_connection_close",
  "proxy_on_upstream_connection_close",
  "proxy_on_http_call_response",
  "proxy_on_grpc_receive_initial_metadata",
  "proxy_on_grpc_receive",
  "proxy_on_grpc_receive_trailing_metadata",
  "proxy_on_grpc_close",
  "proxy_on_queue_ready",
  "proxy_on_foreign_function",
] as const;

export type CallbackName = (typeof CALLBACK_NAMES)[number];
export type ProxyCallbacks = Partial<Record<CallbackName, WasmFunction>>;

/** Which plugin a context belongs to, for log lines: its root id and its name. */
export interface ContextLabel {
  readonly rootId: string;
  readonly name: string;
}

/** A context as the VM keeps it: what hostcalls act on, and whom its log lines are attributed to. */
export interface RuntimeContext extends CallContext {
  label(): ContextLabel;
}

/** A compiled module, kept so that a failed VM can be replaced by a new instance of it (FAIL_RELOAD). */
interface CompiledModule {
  readonly module: WebAssembly.Module;
  /** The module's bytes, for the import section's signatures; null when given a compiled module. */
  readonly bytes: Uint8Array | null;
  /** How errors name it: its path, or "the module". */
  readonly label: string;
}

async function compile(source: WasmSource): Promise<CompiledModule> {
  if (source instanceof WebAssembly.Module) return { module: source, bytes: null, label: "the module" };
  const label = typeof source === "string" ? source : "the module";
  const given = typeof source === "string" ? withAbsoluteSourceMapUrl(new Uint8Array(await readFile(source)), source) : source instanceof Uint8Array ? source : new Uint8Array(source);
  const bytes = withMemoryCap(given);
  try {
    return { module: await WebAssembly.compile(bytes), bytes, label };
  } catch (error) {
    throw new InvalidWasmError(label, error);
  }
}

function detectAbi(module: WebAssembly.Module, label: string): AbiVersion {
  const exportNames = WebAssembly.Module.exports(module).map((entry) => entry.name);
  for (const [marker, version] of ABI_MARKERS) if (exportNames.includes(marker)) return version;
  throw new NoAbiVersionError(label, exportNames);
}

/** What a new VM is made from, besides its options: where its log lines go, its imports and its own context. */
export interface VmWiring {
  readonly logs: LogSink;
  /** The host's imports for this VM (built once the VM exists: they act on it). */
  imports(vm: VmRuntime): Record<string, ImportSet>;
  /** The context that runs `_initialize`, and that hostcalls act on when no other is current. */
  vmContext(vm: VmRuntime): RuntimeContext;
}

/** Why and where a module trapped. */
export interface VmFailure {
  /** The proxy-wasm callback that failed (`proxy_on_request_headers`). */
  readonly during: string;
  /** `RuntimeError: unreachable`. */
  readonly message: string;
  /** The JavaScript stack of the trap: its wasm frames (`wasm-function[42]:0x1a2b`) locate it in the module. */
  readonly stack: string;
}

export class VmRuntime implements CallingVm {
  readonly memory = new GuestMemory();
  readonly vmId: string;
  private readonly logs: LogSink;
  readonly vmConfiguration: BodyBuffer;
  readonly environment: ReadonlyArray<readonly [string, string]>;
  callbacks: ProxyCallbacks = {};
  failed = false;
  failure: VmFailure | null = null;
  private readonly contexts = new Map<number, RuntimeContext>();
  private readonly failureListeners: Array<() => void> = [];
  private readonly callbackNames = new Map<WasmFunction, string>();
  private readonly ownContext: RuntimeContext;
  private current: RuntimeContext | null = null;
  private effectiveId = 0;
  private stopRequested = false;
  private depth = 0;
  private nextContextId = 1;
  private initializer: WasmFunction | undefined;
  /** Whether a plugin already ran `proxy_on_vm_start` (once per VM). */
  started = false;

  private constructor(
    private readonly compiled: CompiledModule,
    private readonly options: VmOptions,
    private readonly wiring: VmWiring,
    readonly abiVersion: AbiVersion,
  ) {
    this.logs = wiring.logs;
    this.vmId = options.vmId ?? "";
    this.vmConfiguration = new BodyBuffer(options.vmConfiguration ?? "", true);
    this.environment = Object.entries(options.environment ?? {});
    this.ownContext = wiring.vmContext(this);
  }

  /** Loads and starts a module. Fails like Envoy would, with a typed error naming the cause. */
  static async load(options: VmOptions, wiring: VmWiring): Promise<VmRuntime> {
    return VmRuntime.instantiate(await compile(options.wasm), options, wiring);
  }

  /**
   * A new VM of the same module, options and wiring: a fresh instance, its
   * own memory, `_initialize` run again, no plugin yet. What Envoy clones
   * from the base VM when FAIL_RELOAD replaces a failed one. Throws the
   * typed error of a failed start.
   */
  clone(): VmRuntime {
    return VmRuntime.instantiate(this.compiled, this.options, this.wiring);
  }

  private static instantiate(compiled: CompiledModule, options: VmOptions, wiring: VmWiring): VmRuntime {
    const vm = new VmRuntime(compiled, options, wiring, detectAbi(compiled.module, compiled.label));
    const importObject = vm.link(compiled.module, compiled.bytes, compiled.label, wiring.imports(vm));
    // Synchronous, so that a stream can get a new VM the moment it starts (Node sets no size limit on it).
    vm.bind(new WebAssembly.Instance(compiled.module, importObject), compiled.label);
    vm.start();
    return vm;
  }

  /** Resolves every import against the host's, failing on the first load-time mismatch. */
  private link(module: WebAssembly.Module, bytes: Uint8Array | null, label: string, provided: Record<string, ImportSet>): WebAssembly.Imports {
    const entries = bytes ? listImports(bytes) : WebAssembly.Module.imports(module).map((entry) => ({ ...entry, signature: null }));
    const missing: string[] = [];
    const importObject: Record<string, Record<string, WebAssembly.ImportValue>> = {};
    for (const entry of entries) {
      const host = provided[entry.module]?.[entry.name];
      const name = `${entry.module}.${entry.name}`;
      if (!host || entry.kind !== "function") {
        missing.push(name);
        continue;
      }
      if (entry.signature !== null && entry.signature !== host[0]) throw new ImportTypeMismatchError(label, name, host[0], entry.signature);
      (importObject[entry.module] ??= {})[entry.name] = host[1] as WebAssembly.ImportValue;
    }
    if (missing.length > 0) throw new MissingImportError(label, missing);
    return importObject;
  }

  private bind(instance: WebAssembly.Instance, label: string): void {
    const exports = instance.exports as Record<string, unknown>;
    const allocator = (exports.malloc ?? exports.proxy_on_memory_allocate) as ((size: number) => number) | undefined;
    if (typeof allocator !== "function") throw new NoAllocatorError(label);
    const memory = exports.memory;
    if (!(memory instanceof WebAssembly.Memory)) throw new InvalidWasmError(label, new Error("it exports no memory named `memory`"));
    this.memory.attach(memory, allocator);
    for (const name of CALLBACK_NAMES) {
      const fn = exports[name];
      if (typeof fn === "function") {
        this.callbacks[name] = fn as WasmFunction;
        this.callbackNames.set(fn as WasmFunction, name);
      }
    }
    this.initializer = (exports._initialize ?? exports._start ?? exports.__wasm_call_ctors) as WasmFunction | undefined;
    if (this.initializer) this.callbackNames.set(this.initializer, exports._initialize ? "_initialize" : exports._start ? "_start" : "__wasm_call_ctors");
  }

  private start(): void {
    if (this.initializer) this.invoke(this.ownContext, this.initializer);
    if (this.failed) throw new VmFailedError(this.vmId, "start", this.failure!.message, this.logsSince(0));
  }

  /** A new context id, registered to `context` (`proxy_set_effective_context` accepts it from now on). */
  register(context: RuntimeContext, id?: number): number {
    if (id === undefined) {
      while (this.contexts.has(this.nextContextId)) this.nextContextId++;
      id = this.nextContextId++;
    }
    this.contexts.set(id, context);
    return id;
  }

  /** The context is gone (after `proxy_on_delete`). */
  release(id: number): void {
    this.contexts.delete(id);
  }

  /** How many contexts the VM keeps (its own and the roots stay; streams leave). */
  get contextCount(): number {
    return this.contexts.size;
  }

  context(): RuntimeContext {
    if (this.effectiveId !== 0) {
      const effective = this.contexts.get(this.effectiveId);
      if (effective) return effective;
    }
    return this.current ?? this.ownContext;
  }

  setEffectiveContext(id: number): boolean {
    if (!this.contexts.has(id)) return false;
    this.effectiveId = id;
    return true;
  }

  stopIteration(): void {
    this.stopRequested = true;
  }

  /**
   * Calls into the module on behalf of `context`. Returns the result as an
   * unsigned number, or undefined when the call trapped (the VM is then failed).
   */
  invoke(context: RuntimeContext, fn: WasmFunction, a = 0, b = 0, c = 0, d = 0, e = 0): number | undefined {
    const savedCurrent = this.current;
    const savedEffective = this.effectiveId;
    this.current = context;
    this.effectiveId = 0;
    this.depth++;
    try {
      const result = fn(a, b, c, d, e);
      return typeof result === "number" ? result >>> 0 : 0;
    } catch (error) {
      if (this.depth > 1) throw error;
      this.fail(this.callbackNames.get(fn) ?? "a module function", error);
      return undefined;
    } finally {
      this.depth--;
      this.current = savedCurrent;
      this.effectiveId = savedEffective;
    }
  }

  /**
   * A stream callback: like `invoke`, and also says whether the module asked
   * for a local reply during it (`proxy_send_local_response` forces Stop).
   */
  invokeStream(context: RuntimeContext, fn: WasmFunction, a: number, b: number, c: number): { result: number | undefined; stopped: boolean } {
    this.stopRequested = false;
    const result = this.invoke(context, fn, a, b, c);
    const stopped = this.stopRequested;
    this.stopRequested = false;
    return { result, stopped };
  }

  /** Runs `listener` when the VM fails (to stop its timers). */
  onFailure(listener: () => void): void {
    this.failureListeners.push(listener);
  }

  /** Marks the VM failed and reports why, like Envoy's "Function: ... failed" log line. */
  private fail(during: string, error: unknown): void {
    const message = error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
    this.failed = true;
    this.failure = { during, message, stack: error instanceof Error ? (error.stack ?? "") : "" };
    this.logFor(this.current, "critical", `Function: ${during} failed: ${message}`, "host");
    for (const listener of this.failureListeners) listener();
  }

  log(level: LogLevelName, message: string, source: LogSource): void {
    this.logFor(this.context(), level, message, source);
  }

  /** Records a line attributed to `context` (or to no plugin). */
  logFor(context: RuntimeContext | null, level: LogLevelName, message: string, source: LogSource): void {
    const label = context?.label();
    this.logs.add({ level, message, source, vmId: this.vmId, rootId: label?.rootId ?? "", pluginName: label?.name ?? "", contextId: context?.id ?? 0 });
  }

  /** Where the log stands now, for `logsSince`. */
  logMark(): number {
    return this.logs.entries.length;
  }

  /** This VM's log lines since `mark`, for error reports. */
  logsSince(mark: number): Array<{ level: string; message: string }> {
    return this.logs.entries
      .slice(mark)
      .filter((entry) => entry.vmId === this.vmId)
      .map((entry) => ({ level: entry.level, message: entry.message }));
  }
}
