/**
 * One Wasm VM: loads a module the way Envoy does (ABI marker, every import
 * resolvable with the right signature, allocator, `_initialize`/`_start`),
 * keeps its contexts, and makes every call into it. A trap marks the VM
 * failed for good, as in Envoy; later calls are skipped and streams follow
 * their plugin's failure policy.
 */
import { readFile } from "node:fs/promises";
import { ABI_MARKERS, type AbiVersion, LOG_LEVEL_NAMES, type LogLevelName } from "./abi.ts";
import { BodyBuffer } from "./body-buffer.ts";
import { type HostContext, RootContext } from "./contexts.ts";
import { DuplicateRootIdError, ImportTypeMismatchError, InvalidWasmError, MissingImportError, NoAbiVersionError, NoAllocatorError, VmFailedError } from "./errors.ts";
import type { Host } from "./host.ts";
import { buildHostImports } from "./imports/index.ts";
import { GuestMemory } from "./memory.ts";
import type { Metric } from "./metric-store.ts";
import { Plugin, type PluginOptions } from "./plugin.ts";
import { listImports } from "./wasm-binary.ts";

export type WasmSource = Uint8Array | ArrayBuffer | string | WebAssembly.Module;

export interface VmOptions {
  /** The module: its bytes, a path to a .wasm file, or a compiled module. */
  wasm: WasmSource;
  /** Envoy's `vm_id`; VMs with the same id share shared data and queues. @default "" */
  vmId?: string;
  /** Bytes handed to `proxy_on_vm_start` (Envoy's `vm_config.configuration`). @default "" */
  vmConfiguration?: string | Uint8Array;
  /** Environment variables the module reads through WASI `environ_get` (Envoy's `environment_variables`). */
  environment?: Record<string, string>;
}

type WasmFunction = (...args: number[]) => unknown;

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

async function compile(source: WasmSource): Promise<{ module: WebAssembly.Module; bytes: Uint8Array | null; label: string }> {
  if (source instanceof WebAssembly.Module) return { module: source, bytes: null, label: "the module" };
  const label = typeof source === "string" ? source : "the module";
  const bytes = typeof source === "string" ? new Uint8Array(await readFile(source)) : source instanceof Uint8Array ? source : new Uint8Array(source);
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

export class Vm {
  readonly memory = new GuestMemory();
  readonly contexts = new Map<number, HostContext>();
  readonly plugins = new Map<string, Plugin>();
  readonly vmConfiguration: BodyBuffer;
  readonly environment: ReadonlyArray<readonly [string, string]>;
  /** Metric ids handed to this VM (ids encode the metric type in their low 2 bits, like Envoy's). */
  readonly metricIds = new Map<number, Metric>();
  callbacks: ProxyCallbacks = {};
  failed = false;
  failure: { during: string; message: string } | null = null;
  /** Set by `proxy_send_local_response`: the running callback's return value is overridden with Stop. */
  stopNextIteration = false;
  current: HostContext | null = null;
  effectiveId = 0;
  private depth = 0;
  private nextContextId = 1;
  private started = false;
  private readonly vmContext: RootContext;
  private readonly callbackNames = new Map<WasmFunction, string>();
  private nextMetricIds = [0, 1, 2];
  private nextCalloutToken = 1;
  private nextGrpcCallToken = 1;
  private nextGrpcStreamToken = 2;

  private constructor(
    readonly host: Host,
    readonly vmId: string,
    readonly abiVersion: AbiVersion,
    options: VmOptions,
  ) {
    this.vmConfiguration = new BodyBuffer(options.vmConfiguration ?? "", true);
    this.environment = Object.entries(options.environment ?? {});
    this.vmContext = new RootContext(this, null, 0);
  }

  /** Loads and starts a module. Fails like Envoy would, with a typed error naming the cause. */
  static async load(host: Host, options: VmOptions): Promise<Vm> {
    const { module, bytes, label } = await compile(options.wasm);
    const abiVersion = detectAbi(module, label);
    const vm = new Vm(host, options.vmId ?? "", abiVersion, options);
    const importObject = vm.link(module, bytes, label);
    const instance = await WebAssembly.instantiate(module, importObject);
    vm.bind(instance, label);
    vm.start();
    return vm;
  }

  /** Resolves every import against the host's, failing on the first load-time mismatch. */
  private link(module: WebAssembly.Module, bytes: Uint8Array | null, label: string): WebAssembly.Imports {
    const provided = buildHostImports(this);
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

  private initializer: WasmFunction | undefined;

  private start(): void {
    if (this.initializer) this.invoke(this.vmContext, this.initializer);
    if (this.failed) throw new VmFailedError(this.vmId, "start", this.failure!.message, this.logsSince(0));
  }

  allocContextId(): number {
    while (this.contexts.has(this.nextContextId)) this.nextContextId++;
    return this.nextContextId++;
  }

  /** The context a hostcall acts on: the effective context when one was set, else the current one. */
  contextOrEffective(): HostContext {
    if (this.effectiveId !== 0) {
      const effective = this.contexts.get(this.effectiveId);
      if (effective) return effective;
    }
    return this.current ?? this.vmContext;
  }

  /**
   * Calls into the module on behalf of `context`. Returns the result as an
   * unsigned number, or undefined when the call trapped (the VM is then failed).
   */
  invoke(context: HostContext, fn: WasmFunction, a = 0, b = 0, c = 0, d = 0, e = 0): number | undefined {
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

  /** Marks the VM failed and reports why, like Envoy's "Function: ... failed" log line. */
  fail(during: string, error: unknown): void {
    const message = error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
    this.failed = true;
    this.failure = { during, message };
    this.hostLog("critical", `Function: ${during} failed: ${message}`);
    for (const plugin of this.plugins.values()) plugin.root.stopTicks();
  }

  /** Records a line the module logged (or the host reports about it). */
  log(level: LogLevelName, message: string, source: "module" | "stdout" | "stderr" | "host", context: HostContext | null): void {
    const plugin = context?.plugin ?? null;
    this.host.logs.add({ level, message, source, vmId: this.vmId, rootId: plugin?.rootId ?? "", pluginName: plugin?.name ?? "", contextId: context?.id ?? 0 });
  }

  hostLog(level: LogLevelName, message: string): void {
    this.log(level, message, "host", this.current);
  }

  logsSince(index: number): Array<{ level: string; message: string }> {
    return this.host.logs.entries
      .slice(index)
      .filter((entry) => entry.vmId === this.vmId)
      .map((entry) => ({ level: entry.level, message: entry.message }));
  }

  /** Creates a plugin (a root context) on this VM and configures it. */
  configurePlugin(options: PluginOptions = {}): Plugin {
    if (this.plugins.has(options.rootId ?? "")) throw new DuplicateRootIdError(this.vmId, options.rootId ?? "");
    const plugin = new Plugin(this, options);
    const logStart = this.host.logs.entries.length;
    this.host.dispatcher.run(() => plugin.startAndConfigure(!this.started, logStart));
    this.started = true;
    this.plugins.set(plugin.rootId, plugin);
    return plugin;
  }

  nextMetricId(type: number): number {
    this.nextMetricIds[type]! += 4;
    return this.nextMetricIds[type]!;
  }

  nextCalloutId(): number {
    return this.nextCalloutToken++;
  }

  nextGrpcCallId(): number {
    const token = this.nextGrpcCallToken;
    this.nextGrpcCallToken += 2;
    return token;
  }

  nextGrpcStreamId(): number {
    const token = this.nextGrpcStreamToken;
    this.nextGrpcStreamToken += 2;
    return token;
  }

  /** The configured log level as a number (`proxy_get_log_level`). */
  logLevelNumber(): number {
    return LOG_LEVEL_NAMES.indexOf(this.host.logLevel);
  }

  /**
   * Envoy's shutdown: `proxy_on_done` on every root context; a root that
   * answers false stays pending until it calls `proxy_done`; then
   * `proxy_on_delete`.
   */
  shutdown(): void {
    this.host.dispatcher.run(() => {
      for (const plugin of this.plugins.values()) plugin.root.stopTicks();
      for (const plugin of this.plugins.values()) plugin.beginShutdown();
    });
  }
}
