/**
 * A plugin: one root context of a VM, with its name, root id, configuration
 * and failure policy (Envoy's `PluginConfig`). Streams and connections are
 * driven through it.
 */
import { BodyBuffer } from "./body-buffer.ts";
import { RootContext } from "./contexts.ts";
import { ConfigureRejectedError, VmFailedError, VmStartRejectedError } from "./errors.ts";
import { FilterChain, type ExchangeOptions, type ExchangeResult, type HttpRequestInput } from "./exchange.ts";
import type { LogEntry } from "./log-sink.ts";
import { TcpConnection, type TcpConnectionOptions } from "./tcp-stream.ts";
import type { Vm } from "./vm.ts";

export type FailurePolicy = "closed" | "open";

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

export class Plugin {
  readonly name: string;
  readonly rootId: string;
  readonly configurationBuffer: BodyBuffer;
  readonly failurePolicy: FailurePolicy;
  readonly root: RootContext;
  private pendingDone = false;

  constructor(
    readonly vm: Vm,
    options: PluginOptions,
  ) {
    this.rootId = options.rootId ?? "";
    this.name = options.name ?? (this.rootId || "plugin");
    this.configurationBuffer = new BodyBuffer(configurationBytes(options.configuration), true);
    this.failurePolicy = options.failurePolicy ?? "closed";
    this.root = new RootContext(vm, this);
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
    return this.vm.host.logs.forPlugin(this.rootId, this.vm.vmId);
  }

  /** Sends one request through this plugin to an upstream (an echo server by default). */
  request(request: HttpRequestInput = {}, options: ExchangeOptions = {}): Promise<ExchangeResult> {
    return new FilterChain(this.vm.host, [this]).request(request, options);
  }

  /** Opens a TCP connection through this plugin (a network filter). */
  tcpConnection(options: TcpConnectionOptions = {}): TcpConnection {
    return new TcpConnection(this, options);
  }

  /** @internal Envoy's start and configure sequence for a new root context. */
  startAndConfigure(firstOnVm: boolean, logStart: number): void {
    const vm = this.vm;
    const { proxy_on_context_create, proxy_on_vm_start, proxy_on_configure } = vm.callbacks;
    if (proxy_on_context_create) vm.invoke(this.root, proxy_on_context_create, this.root.id, 0);
    this.root.created = true;
    if (vm.failed) throw new VmFailedError(vm.vmId, "proxy_on_context_create", vm.failure!.message, vm.logsSince(logStart));
    if (firstOnVm && proxy_on_vm_start) {
      const accepted = vm.invoke(this.root, proxy_on_vm_start, this.root.id, vm.vmConfiguration.length);
      if (vm.failed) throw new VmFailedError(vm.vmId, "proxy_on_vm_start", vm.failure!.message, vm.logsSince(logStart));
      if (accepted === 0) throw new VmStartRejectedError(vm.vmId, vm.logsSince(logStart));
    }
    if (!proxy_on_configure) return;
    this.root.configuring = true;
    const accepted = vm.invoke(this.root, proxy_on_configure, this.root.id, this.configurationBuffer.length);
    this.root.configuring = false;
    if (vm.failed) throw new VmFailedError(vm.vmId, "proxy_on_configure", vm.failure!.message, vm.logsSince(logStart));
    if (accepted === 0) {
      vm.hostLog("error", `Plugin configured to fail closed failed to load: proxy_on_configure of "${this.name}" returned false`);
      throw new ConfigureRejectedError(this.name, this.rootId, vm.logsSince(logStart));
    }
  }

  /** @internal `proxy_on_done` at shutdown; a false answer waits for `proxy_done`. */
  beginShutdown(): void {
    const onDone = this.vm.callbacks.proxy_on_done;
    const done = this.vm.failed || !onDone ? 1 : this.vm.invoke(this.root, onDone, this.root.id);
    if (done === 0) this.pendingDone = true;
    else this.finishShutdown();
  }

  /** @internal `proxy_done` from the module. */
  markDone(): boolean {
    if (!this.pendingDone) return false;
    this.pendingDone = false;
    this.vm.host.dispatcher.post(() => this.finishShutdown());
    return true;
  }

  private finishShutdown(): void {
    const onDelete = this.vm.callbacks.proxy_on_delete;
    if (!this.vm.failed && onDelete) this.vm.invoke(this.root, onDelete, this.root.id);
  }
}
