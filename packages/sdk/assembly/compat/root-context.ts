// The plugin class of 0.1.15: reads the configuration, creates the stream
// contexts (`createContext`) and makes HTTP callouts with callbacks. The SDK's
// dispatcher calls it through RootContextAdapter (./adapters.ts).

import { httpCall } from "../http-call";
import { getPluginConfigurationString } from "../configuration";
import { activeContextId, enterContext } from "../dispatch/registry";
import { BaseContext, Context } from "./context";
import { WasmResultValues } from "./enums";
import { Headers, toTextPairs } from "./header-pair";
import { CalloutAnswer, HttpCallback, HttpCallbackFunction } from "./http-callback";
import { done, proxy_set_effective_context } from "./host";

/** A plugin (one per root id per VM). Extend it and register a factory with `registerRootContext`. */
export class RootContext extends BaseContext {
  private configuration_: string = "";
  private readonly http_calls_: Map<u32, HttpCallback> = new Map<u32, HttpCallback>();

  constructor(context_id: u32) {
    super(context_id);
  }

  /** The plugin configuration as text, as the default `onConfigure` stored it. */
  getConfiguration(): string {
    return this.configuration_;
  }

  /** Creates the context of a new stream; override it (the default one lets everything through). */
  createContext(context_id: u32): Context {
    return new Context(context_id, this);
  }

  /** Calls every pending callout's callback with no answer (headers 0) and forgets them; late answers are then ignored. Runs in `onDone`. */
  cancelPendingRequests(): void {
    const callbacks = this.http_calls_.values();
    this.http_calls_.clear();
    for (let i = 0; i < callbacks.length; i++) {
      const callback = unchecked(callbacks[i]);
      const cb = callback.cb;
      cb(callback.origin_context, 0, 0, 0);
    }
  }

  /** Never called by Envoy (ABI 0.2.1 has no such callback); kept for source compatibility. */
  validateConfiguration(configuration_size: usize): bool {
    return true;
  }

  /**
   * The plugin (re)configured (`proxy_on_configure`). The default stores the
   * configuration text for `getConfiguration()`; an override that still wants
   * that calls `super.onConfigure(configuration_size)`.
   */
  onConfigure(configuration_size: u32): bool {
    this.configuration_ = configuration_size == 0 ? "" : getPluginConfigurationString();
    return true;
  }

  /** The VM started (`proxy_on_vm_start`); read `get_vm_configuration()`. */
  onStart(vm_configuration_size: usize): bool {
    return true;
  }

  /** The timer set with `set_tick_period_milliseconds` fired (`proxy_on_tick`). */
  onTick(): void {}

  /** A shared queue this plugin registered has data (`proxy_on_queue_ready`). */
  onQueueReady(token: u32): void {}

  /** The host is done with the plugin (`proxy_on_done`): pending callouts are cancelled. */
  onDone(): bool {
    this.cancelPendingRequests();
    return true;
  }

  /** Reports that a plugin that answered false from `onDone` is finished. Wraps `proxy_done` (0.1.15 only logged here). */
  done(): void {
    done();
  }

  /**
   * Sends an HTTP request to Envoy cluster `cluster`; `headers` must hold
   * `:method`, `:path` and `:authority`. When the answer arrives (or the call
   * fails: headers 0), `cb(origin_context, headers, body_size, trailers)` runs
   * with `origin_context` effective, so `continue_request()` and
   * `send_local_response()` act on it. Returns Ok, or BadArgument when the
   * host refused the call (unknown cluster, missing pseudo-headers, request
   * that could not start). Wraps `proxy_http_call`.
   */
  httpCall(
    cluster: string,
    headers: Headers,
    body: ArrayBuffer,
    trailers: Headers,
    timeout_milliseconds: u32,
    origin_context: BaseContext,
    cb: HttpCallbackFunction,
  ): WasmResultValues {
    const token = httpCall(cluster, toTextPairs(headers), body, toTextPairs(trailers), timeout_milliseconds, new CalloutAnswer(this));
    if (token == 0) return WasmResultValues.BadArgument;
    this.http_calls_.set(token, new HttpCallback(origin_context, cb));
    return WasmResultValues.Ok;
  }

  /** A callout answered (`proxy_on_http_call_response`): runs its callback with its origin context effective. */
  onHttpCallResponse(token: u32, headers: u32, body_size: u32, trailers: u32): void {
    if (!this.http_calls_.has(token)) return; // cancelled, or its origin stream ended
    const callback = this.http_calls_.get(token);
    this.http_calls_.delete(token);
    const originId = callback.origin_context.context_id;
    if (originId != activeContextId()) {
      if (proxy_set_effective_context(originId) != WasmResultValues.Ok) return;
      enterContext(originId);
    }
    const cb = callback.cb;
    cb(callback.origin_context, headers, <usize>body_size, trailers);
  }

  /** Forgets the callouts a stream made once the stream is gone (the SDK drops their answers). */
  forgetCalloutsOf(context_id: u32): void {
    if (this.http_calls_.size == 0) return;
    const tokens = this.http_calls_.keys();
    for (let i = 0; i < tokens.length; i++) {
      const token = unchecked(tokens[i]);
      if (this.http_calls_.get(token).origin_context.context_id == context_id) this.http_calls_.delete(token);
    }
  }

  /** Never called: 0.1.15 offered no gRPC calls. */
  on_grpc_receive_initial_metadata(token: u32, headers: u32): void {}
  /** Never called: 0.1.15 offered no gRPC calls. */
  on_grpc_trailing_metadata(token: u32, trailers: u32): void {}
  /** Never called: 0.1.15 offered no gRPC calls. */
  on_grpc_receive(token: u32, response_size: u32): void {}
  /** Never called: 0.1.15 offered no gRPC calls. */
  on_grpc_close(token: u32, status_code: u32): void {}
}
