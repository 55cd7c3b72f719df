/**
 * A root context: one plugin of a VM (Envoy's `PluginConfig` with its root
 * context), or the VM's own context that `_initialize` runs in. It runs
 * Envoy's start, configure and shutdown sequences, owns what arrives
 * asynchronously (callout responses, gRPC events, queue notifications,
 * ticks) and hands it to the module with the buffers and maps readable only
 * during that callback.
 */
import { BufferType, type LogLevelName, MapType, Status } from "../abi/enums.ts";
import type { PropertyNode } from "../abi/property-values.ts";
import { BodyBuffer } from "../core/body-buffer.ts";
import type { TimerHandle } from "../core/clock.ts";
import { ConfigurationRefusedError } from "../../errors/configuration-refused.ts";
import type { FailureSettings } from "../../plugin-config/failure-policy.ts";
import { VmFailedError, VmStartRejectedError } from "../core/errors.ts";
import type { HeaderMap } from "../core/header-map.ts";
import type { VmRuntime, WasmFunction } from "../vm/runtime.ts";
import { HostContext, type RootScope } from "./contexts.ts";
import type { StreamEnvironment } from "./environment.ts";

/** A plugin's settings (Envoy's `PluginConfig`), its failure policy and reload backoff included. */
export interface PluginSettings extends FailureSettings {
  readonly name: string;
  readonly rootId: string;
  readonly configuration: BodyBuffer;
}

/** An HTTP callout's answer while `proxy_on_http_call_response` runs. */
interface CalloutAnswer {
  headers: HeaderMap;
  body: BodyBuffer;
  trailers: HeaderMap;
}

export class RootContext extends HostContext implements RootScope {
  readonly kind = "root" as const;
  /** Set while `proxy_on_configure` runs: the plugin configuration is readable then. */
  private configuring = false;
  private calloutAnswer: CalloutAnswer | null = null;
  private grpcInitialMetadata: HeaderMap | null = null;
  private grpcTrailingMetadata: HeaderMap | null = null;
  private grpcReceiveBuffer: BodyBuffer | null = null;
  status = { code: 0, message: "" };
  private tickTimer: TimerHandle | null = null;
  private pendingDone = false;

  constructor(
    vm: VmRuntime,
    env: StreamEnvironment,
    /** Null for the VM's own context. */
    readonly plugin: PluginSettings | null,
  ) {
    super(vm, env, plugin === null ? 0 : undefined);
    vm.onFailure(() => this.stopTicks());
  }

  get rootId(): string {
    return this.plugin?.rootId ?? "";
  }

  get name(): string {
    return this.plugin?.name ?? "";
  }

  root(): RootContext {
    return this;
  }

  protected buildProperties(): PropertyNode {
    const plugin = this.plugin && { name: this.plugin.name, rootId: this.plugin.rootId };
    return this.env.properties.forRoot({ kind: "root", vmId: this.vm.vmId, plugin }, this);
  }

  sharedBuffer(type: number): BodyBuffer | null {
    switch (type) {
      case BufferType.VM_CONFIGURATION:
        return this.vm.vmConfiguration;
      case BufferType.PLUGIN_CONFIGURATION:
        return this.configuring && this.plugin ? this.plugin.configuration : null;
      case BufferType.HTTP_CALL_RESPONSE_BODY:
        return this.calloutAnswer?.body ?? null;
      case BufferType.GRPC_RECEIVE_BUFFER:
        return this.grpcReceiveBuffer;
      default:
        // CALL_DATA would hold a foreign function's arguments; no host function calls back into the module.
        return null;
    }
  }

  asyncHeaderMap(type: number): HeaderMap | null {
    switch (type) {
      case MapType.HTTP_CALL_RESPONSE_HEADERS:
        return this.calloutAnswer?.headers ?? null;
      case MapType.HTTP_CALL_RESPONSE_TRAILERS:
        return this.calloutAnswer?.trailers ?? null;
      case MapType.GRPC_RECEIVE_INITIAL_METADATA:
        return this.grpcInitialMetadata;
      case MapType.GRPC_RECEIVE_TRAILING_METADATA:
        return this.grpcTrailingMetadata;
      default:
        return null;
    }
  }

  configuration(): BodyBuffer {
    return this.configuring && this.plugin ? this.plugin.configuration : this.vm.vmConfiguration;
  }

  /** Envoy's start and configure sequence for a new root context; throws the typed error Envoy's refusal maps to. */
  startAndConfigure(firstOnVm: boolean): void {
    const vm = this.vm;
    const logStart = vm.logMark();
    const { proxy_on_context_create, proxy_on_vm_start, proxy_on_configure } = vm.callbacks;
    if (proxy_on_context_create) vm.invoke(this, proxy_on_context_create, this.id, 0);
    this.created = true;
    if (vm.failed) throw new VmFailedError(vm.vmId, "proxy_on_context_create", vm.failure!.message, vm.logsSince(logStart));
    if (firstOnVm && proxy_on_vm_start) {
      const accepted = vm.invoke(this, proxy_on_vm_start, this.id, vm.vmConfiguration.length);
      if (vm.failed) throw new VmFailedError(vm.vmId, "proxy_on_vm_start", vm.failure!.message, vm.logsSince(logStart));
      if (accepted === 0) throw new VmStartRejectedError(vm.vmId, vm.logsSince(logStart));
    }
    if (!proxy_on_configure) return;
    this.configuring = true;
    const accepted = vm.invoke(this, proxy_on_configure, this.id, this.plugin!.configuration.length);
    this.configuring = false;
    if (vm.failed) throw new VmFailedError(vm.vmId, "proxy_on_configure", vm.failure!.message, vm.logsSince(logStart));
    if (accepted === 0) {
      vm.logFor(this, "error", `Plugin configured to fail closed failed to load: proxy_on_configure of "${this.name}" returned false`, "host");
      throw new ConfigurationRefusedError("emulator", this.name, vm.logsSince(logStart));
    }
  }

  /** `proxy_on_done` at shutdown; a false answer waits for `proxy_done`. */
  beginShutdown(): void {
    this.stopTicks();
    const onDone = this.vm.callbacks.proxy_on_done;
    const done = this.vm.failed || !onDone ? 1 : this.vm.invoke(this, onDone, this.id);
    if (done === 0) this.pendingDone = true;
    else this.finishShutdown();
  }

  markDone(): boolean {
    if (!this.pendingDone) return false;
    this.pendingDone = false;
    this.env.dispatcher.post(() => this.finishShutdown());
    return true;
  }

  private finishShutdown(): void {
    this.callModule(this.vm.callbacks.proxy_on_delete);
  }

  /** `proxy_set_tick_period_milliseconds`: 0 stops the ticks. */
  setTickPeriod(periodMs: number): void {
    this.stopTicks();
    if (periodMs > 0) this.tickTimer = this.env.clock.schedule(periodMs, () => this.callModule(this.vm.callbacks.proxy_on_tick), periodMs);
  }

  stopTicks(): void {
    this.tickTimer?.cancel();
    this.tickTimer = null;
  }

  queueReady(token: number): void {
    this.env.dispatcher.post(() => this.callModule(this.vm.callbacks.proxy_on_queue_ready, token));
  }

  hostLog(level: LogLevelName, message: string): void {
    this.vm.logFor(this, level, message, "host");
  }

  deliverHttpCallResponse(token: number, answer: CalloutAnswer | null): void {
    if (answer === null) {
      this.status = { code: Status.BROKEN_CONNECTION, message: "reset" };
      this.callModule(this.vm.callbacks.proxy_on_http_call_response, token, 0, 0, 0);
      this.status = { code: this.status.code, message: "" };
      return;
    }
    this.calloutAnswer = answer;
    this.callModule(this.vm.callbacks.proxy_on_http_call_response, token, answer.headers.size, answer.body.length, answer.trailers.size);
    this.calloutAnswer = null;
  }

  deliverGrpcInitialMetadata(token: number, metadata: HeaderMap): void {
    this.grpcInitialMetadata = metadata;
    this.callModule(this.vm.callbacks.proxy_on_grpc_receive_initial_metadata, token, metadata.size);
    this.grpcInitialMetadata = null;
  }

  deliverGrpcMessage(token: number, message: Uint8Array): void {
    this.grpcReceiveBuffer = new BodyBuffer(message, true);
    this.callModule(this.vm.callbacks.proxy_on_grpc_receive, token, message.length);
    this.grpcReceiveBuffer = null;
  }

  deliverGrpcTrailingMetadata(token: number, metadata: HeaderMap): void {
    this.grpcTrailingMetadata = metadata;
    this.callModule(this.vm.callbacks.proxy_on_grpc_receive_trailing_metadata, token, metadata.size);
    this.grpcTrailingMetadata = null;
  }

  deliverGrpcClose(token: number, status: number, message: string): void {
    if (this.vm.failed || !this.vm.callbacks.proxy_on_grpc_close) return;
    this.status = { code: status, message };
    this.callModule(this.vm.callbacks.proxy_on_grpc_close, token, status);
    this.status = { code: status, message: "" };
  }

  /** A root callback (this context's id first), unless the VM failed or the module does not export it. */
  private callModule(callback: WasmFunction | undefined, a = 0, b = 0, c = 0, d = 0): void {
    if (!this.vm.failed && callback) this.vm.invoke(this, callback, this.id, a, b, c, d);
  }
}
