/**
 * The public handles of a loaded module: a `Vm` (one Wasm VM) and its
 * `Plugin`s (one root context each, with its name, root id, configuration
 * and failure policy: Envoy's `PluginConfig`). Streams and connections are
 * driven through a plugin. Their internals (the VM runtime, the root
 * context) stay behind private fields.
 */
import type { AbiVersion } from "../abi/enums.ts";
import { BodyBuffer } from "../core/body-buffer.ts";
import { DuplicateRootIdError } from "../core/errors.ts";
import type { ExchangeResult, HttpRequestInput } from "../core/stream-types.ts";
import type { LogEntry } from "../services/log-sink.ts";
import type { VmRuntime } from "../vm/runtime.ts";
import type { StreamEnvironment } from "./environment.ts";
import { exchange, type ExchangeOptions } from "./exchange.ts";
import { type FailurePolicy, RootContext } from "./root-context.ts";
import { TcpConnection, type TcpConnectionOptions } from "./tcp-connection.ts";

export interface PluginOptions {
  /** Envoy's plugin `name` (the `plugin_name` property). @default the root id, or "plugin" */
  name?: string;
  /** Envoy's `root_id`: selects the module's root context. @default "" */
  rootId?: string;
  /** Bytes handed to `proxy_on_configure`; an object is sent as JSON. @default "" */
  configuration?: string | Uint8Array | Record<string, unknown>;
  /**
   * What happens to requests once the VM has failed (trapped): "closed"
   * answers 503, "open" lets them through untouched (Envoy's `fail_open`).
   * @default "closed"
   */
  failurePolicy?: FailurePolicy;
}

function configurationBytes(configuration: PluginOptions["configuration"]): string | Uint8Array {
  if (configuration === undefined) return "";
  if (typeof configuration === "string" || configuration instanceof Uint8Array) return configuration;
  return JSON.stringify(configuration);
}

const roots = new WeakMap<Plugin, RootContext>();

/** @internal The root context behind a plugin (for the filter chain). */
export function pluginRoot(plugin: Plugin): RootContext {
  return roots.get(plugin)!;
}

/** One Wasm VM: a loaded, started module, on which plugins are configured. */
export class Vm {
  readonly #runtime: VmRuntime;
  readonly #env: StreamEnvironment;
  readonly #plugins = new Map<string, Plugin>();

  constructor(runtime: VmRuntime, env: StreamEnvironment) {
    this.#runtime = runtime;
    this.#env = env;
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
  get failure(): { readonly during: string; readonly message: string } | null {
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

  /** The plugins configured on this VM, by root id. */
  get plugins(): ReadonlyMap<string, Plugin> {
    return this.#plugins;
  }

  /** Creates a plugin (a root context) on this VM and configures it; throws the typed error of Envoy's refusal. */
  configurePlugin(options: PluginOptions = {}): Plugin {
    const rootId = options.rootId ?? "";
    if (this.#plugins.has(rootId)) throw new DuplicateRootIdError(this.vmId, rootId);
    const root = new RootContext(this.#runtime, this.#env, {
      rootId,
      name: options.name ?? (rootId || "plugin"),
      configuration: new BodyBuffer(configurationBytes(options.configuration), true),
      failurePolicy: options.failurePolicy ?? "closed",
    });
    const firstOnVm = !this.#runtime.started;
    this.#env.dispatcher.run(() => root.startAndConfigure(firstOnVm));
    this.#runtime.started = true;
    const plugin = new Plugin(this, root, this.#env);
    this.#plugins.set(rootId, plugin);
    return plugin;
  }

  /**
   * Envoy's shutdown: `proxy_on_done` on every root context; a root that
   * answers false stays pending until it calls `proxy_done`; then
   * `proxy_on_delete`.
   */
  shutdown(): void {
    this.#env.dispatcher.run(() => {
      for (const plugin of this.#plugins.values()) pluginRoot(plugin).beginShutdown();
    });
  }
}

/** One plugin: a root context of a VM, through which requests and connections are driven. */
export class Plugin {
  readonly #env: StreamEnvironment;
  /** The chain of one this plugin's requests go through. */
  readonly #chain: readonly RootContext[];

  constructor(
    /** The VM the plugin runs in. */
    readonly vm: Vm,
    root: RootContext,
    env: StreamEnvironment,
  ) {
    roots.set(this, root);
    this.#env = env;
    this.#chain = [root];
  }

  /** Envoy's plugin `name`. */
  get name(): string {
    return pluginRoot(this).name;
  }

  /** Envoy's `root_id`. */
  get rootId(): string {
    return pluginRoot(this).rootId;
  }

  /** The id of the plugin's root context (what `proxy_on_context_create` gave it, and its callbacks receive). */
  get rootContextId(): number {
    return pluginRoot(this).id;
  }

  get failurePolicy(): FailurePolicy {
    return pluginRoot(this).plugin!.failurePolicy;
  }

  get vmId(): string {
    return this.vm.vmId;
  }

  /** True once the VM has trapped. */
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
    return new TcpConnection(pluginRoot(this), options);
  }
}
