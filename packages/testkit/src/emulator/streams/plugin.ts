/**
 * The public handles of a loaded module: a `Vm` (one Wasm VM) and its
 * `Plugin`s (one root context each, with its name, root id, configuration
 * and failure policy: Envoy's `PluginConfig`). Streams and connections are
 * driven through a plugin. Their internals (the VM runtime, the root
 * context, the plugin handle that may move a plugin to a new VM after a
 * trap) stay behind private fields.
 */
import type { AbiVersion } from "../abi/enums.ts";
import { BodyBuffer } from "../core/body-buffer.ts";
import { DuplicateRootIdError } from "../core/errors.ts";
import type { ExchangeResult, HttpRequestInput } from "../core/stream-types.ts";
import type { LogEntry } from "../services/log-sink.ts";
import type { VmFailure, VmRuntime } from "../vm/runtime.ts";
import type { StreamEnvironment } from "./environment.ts";
import { exchange, type ExchangeOptions } from "./exchange.ts";
import { type FailureOptions, type FailurePolicy, failureSettings } from "../../plugin-config/failure-policy.ts";
import { PluginHandle } from "./plugin-handle.ts";
import { RootContext, type PluginSettings } from "./root-context.ts";
import { TcpConnection, type TcpConnectionOptions } from "./tcp-connection.ts";

export interface PluginOptions extends FailureOptions {
  /** Envoy's plugin `name` (the `plugin_name` property). @default the root id, or "plugin" */
  name?: string;
  /** Envoy's `root_id`: selects the module's root context. @default "" */
  rootId?: string;
  /** Bytes handed to `proxy_on_configure`; an object is sent as JSON. @default "" */
  configuration?: string | Uint8Array | Record<string, unknown>;
}

function configurationBytes(configuration: PluginOptions["configuration"]): string | Uint8Array {
  if (configuration === undefined) return "";
  if (typeof configuration === "string" || configuration instanceof Uint8Array) return configuration;
  return JSON.stringify(configuration);
}

const handles = new WeakMap<Plugin, PluginHandle>();
const publicVms = new WeakMap<VmRuntime, Vm>();

/** @internal The handle behind a plugin (for the filter chain): the root context new streams are created under. */
export function pluginHandle(plugin: Plugin): PluginHandle {
  return handles.get(plugin)!;
}

/** One Wasm VM: a loaded, started module, on which plugins are configured. */
export class Vm {
  readonly #runtime: VmRuntime;
  readonly #env: StreamEnvironment;
  /** Each plugin started on this VM, with its root context here (a reloaded plugin has moved on to another VM). */
  readonly #plugins = new Map<string, { plugin: Plugin; root: RootContext }>();
  /** The VM made from the same module once this one failed, that plugins reloading from it start on. */
  #successor: Vm | null = null;

  constructor(runtime: VmRuntime, env: StreamEnvironment) {
    this.#runtime = runtime;
    this.#env = env;
    publicVms.set(runtime, this);
  }

  /** Envoy's `vm_id`. */
  get vmId(): string {
    return this.#runtime.vmId;
  }

  /** The ABI version the module declared. */
  get abiVersion(): AbiVersion {
    return this.#runtime.abiVersion;
  }

  /** True once the module trapped: the VM is dead for good, as in Envoy. */
  get failed(): boolean {
    return this.#runtime.failed;
  }

  /** Why and where the module trapped, once it did. */
  get failure(): VmFailure | null {
    return this.#runtime.failure;
  }

  /** Size of the module's linear memory in bytes: it only grows, so a flat value means no leak. */
  get memoryBytes(): number {
    return this.#runtime.memory.byteLength;
  }

  /** A copy of `length` bytes of the module's linear memory at `offset` (for tests of hand-written modules); throws RangeError out of bounds. */
  readMemory(offset: number, length: number): Uint8Array {
    const bytes = this.#runtime.memory.copyBytes(offset, length);
    if (bytes === null) throw new RangeError(`[${offset}, ${offset + length}) is outside the module's ${this.memoryBytes}-byte memory`);
    return bytes;
  }

  /** Contexts alive in the VM (its own and the plugins' root contexts stay; streams and connections leave). */
  get contextCount(): number {
    return this.#runtime.contextCount;
  }

  /** The plugins started on this VM, by root id. */
  get plugins(): ReadonlyMap<string, Plugin> {
    return new Map([...this.#plugins].map(([rootId, { plugin }]) => [rootId, plugin]));
  }

  /** Creates a plugin (a root context) on this VM and configures it; throws the typed error of Envoy's refusal. */
  configurePlugin(options: PluginOptions = {}): Plugin {
    const rootId = options.rootId ?? "";
    const name = options.name ?? (rootId || "plugin");
    const settings: PluginSettings = {
      rootId,
      name,
      configuration: new BodyBuffer(configurationBytes(options.configuration), true),
      ...failureSettings(options, name),
    };
    const root = this.#startPlugin(settings);
    const plugin: Plugin = new Plugin(new PluginHandle(root, this.#env, () => this.#liveSuccessor().#restartPlugin(plugin, settings)), this.#env);
    this.#plugins.set(rootId, { plugin, root });
    return plugin;
  }

  /** Envoy's start and configure of a plugin's root context on this VM. */
  #startPlugin(settings: PluginSettings): RootContext {
    if (this.#plugins.has(settings.rootId)) throw new DuplicateRootIdError(this.vmId, settings.rootId);
    const root = new RootContext(this.#runtime, this.#env, settings);
    const firstOnVm = !this.#runtime.started;
    this.#env.dispatcher.run(() => root.startAndConfigure(firstOnVm));
    this.#runtime.started = true;
    return root;
  }

  /** FAIL_RELOAD: `plugin`, whose VM failed, starts again on this one. */
  #restartPlugin(plugin: Plugin, settings: PluginSettings): RootContext {
    const root = this.#startPlugin(settings);
    this.#plugins.set(settings.rootId, { plugin, root });
    return root;
  }

  /**
   * The VM a plugin of this one reloads into: this one while it has not
   * failed, else its successor, made once from the same module (proxy-wasm
   * keeps one VM per vm id on a worker and replaces it after a trap, so
   * plugins sharing a VM reload into the same new one).
   */
  #liveSuccessor(): Vm {
    if (!this.failed) return this;
    this.#successor ??= new Vm(this.#runtime.clone(), this.#env);
    return this.#successor.#liveSuccessor();
  }

  /**
   * Envoy's shutdown: `proxy_on_done` on every root context; a root that
   * answers false stays pending until it calls `proxy_done`; then
   * `proxy_on_delete`.
   */
  shutdown(): void {
    this.#env.dispatcher.run(() => {
      for (const { root } of this.#plugins.values()) root.beginShutdown();
    });
  }
}

/** One plugin: a root context of a VM, through which requests and connections are driven. */
export class Plugin {
  readonly #env: StreamEnvironment;
  readonly #handle: PluginHandle;
  /** The chain of one this plugin's requests go through. */
  readonly #chain: readonly PluginHandle[];

  constructor(handle: PluginHandle, env: StreamEnvironment) {
    handles.set(this, handle);
    this.#handle = handle;
    this.#env = env;
    this.#chain = [handle];
  }

  /** The VM the plugin runs in: a new one once FAIL_RELOAD replaced the VM that trapped. */
  get vm(): Vm {
    return publicVms.get(this.#handle.root.vm)!;
  }

  /** Envoy's plugin `name`. */
  get name(): string {
    return this.#handle.root.name;
  }

  /** Envoy's `root_id`. */
  get rootId(): string {
    return this.#handle.root.rootId;
  }

  /** The id of the plugin's root context (what `proxy_on_context_create` gave it, and its callbacks receive). */
  get rootContextId(): number {
    return this.#handle.root.id;
  }

  get failurePolicy(): FailurePolicy {
    return this.#handle.root.plugin!.failurePolicy;
  }

  /** FAIL_RELOAD's backoff base in milliseconds (1000 unless set). */
  get reloadBackoffMs(): number {
    return this.#handle.root.plugin!.reloadBackoffMs;
  }

  get vmId(): string {
    return this.vm.vmId;
  }

  /** True once the VM has trapped (and, under FAIL_RELOAD, until a new VM replaced it). */
  get failed(): boolean {
    return this.vm.failed;
  }

  /** Everything this plugin's contexts logged. */
  get logs(): LogEntry[] {
    return this.#env.logs.forPlugin(this.rootId, this.vmId);
  }

  /** Sends one request through this plugin to an upstream (an echo server by default). */
  request(request: HttpRequestInput = {}, options: ExchangeOptions = {}): Promise<ExchangeResult> {
    return exchange(this.#env, this.#chain, request, options);
  }

  /** Opens a TCP connection through this plugin (a network filter). */
  tcpConnection(options: TcpConnectionOptions = {}): TcpConnection {
    return new TcpConnection(this.#handle.forNewStream(), options);
  }
}
