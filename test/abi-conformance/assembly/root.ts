// The conformance plugin's root context: configuration, VM-wide hostcalls
// (metrics, queues, foreign functions, timers, lifecycle) and the callbacks
// that land on the root (tick, queue ready, foreign function, callouts).

import {
  Counter,
  Gauge,
  HeaderPair,
  Histogram,
  HttpCallHandler,
  HttpCallResponse,
  HttpContext,
  RootContext,
  SharedQueue,
  TcpContext,
  WasmResult,
  callForeignFunction,
  done,
  getBufferSize,
  getPluginConfiguration,
  getVmConfiguration,
  hostLogLevel,
  httpCall,
  plugin,
  registerSharedQueue,
  resolveSharedQueue,
  setTickPeriodMilliseconds,
  wasmResultName,
  BufferType,
  getForeignFunctionArguments,
} from "@envoyscript/sdk/assembly";
import { Observer, observe, show, yesNo } from "./observe";
import { ConformanceConfig, readConfig } from "./config";
import { ConformanceRequest } from "./http";
import { ConformanceConnection } from "./tcp";

export const QUEUE_NAME = "envoyscript-conformance";

export class ConformanceRoot extends RootContext {
  readonly config: ConformanceConfig = new ConformanceConfig();
  readonly checks: Observer = new Observer();
  readonly requests: Counter = new Counter("envoyscript_conformance_requests");
  readonly inflight: Gauge = new Gauge("envoyscript_conformance_inflight");
  readonly sizes: Histogram = new Histogram("envoyscript_conformance_request_size");
  queue: SharedQueue | null = null;
  requestSerial: u32 = 0;
  ticks: u32 = 0;

  onVmStart(vmConfigurationSize: u32): bool {
    observe("proxy_on_vm_start", "vm_configuration_size=" + vmConfigurationSize.toString());
    this.checks.expect("proxy_get_buffer_bytes(vm_configuration)", getVmConfiguration().byteLength.toString(), vmConfigurationSize.toString());
    return true;
  }

  onConfigure(pluginConfigurationSize: u32): bool {
    observe("proxy_on_configure", "plugin_configuration_size=" + pluginConfigurationSize.toString());
    const bytes = getPluginConfiguration();
    this.checks.expect("proxy_get_buffer_bytes(plugin_configuration)", bytes.byteLength.toString(), pluginConfigurationSize.toString());
    this.checks.expect("proxy_get_buffer_status(plugin_configuration)", getBufferSize(BufferType.PluginConfiguration).toString(), pluginConfigurationSize.toString());
    const error = readConfig(bytes, this.config);
    if (error !== null) {
      observe("configuration", error);
      return false;
    }
    this.checkPluginProperties();
    this.checkMetricsDefinition();
    this.checkQueues();
    this.checkForeignFunctions();
    this.checks.note("proxy_get_log_level", hostLogLevel() <= 5 ? "ok" : "out of range");
    if (this.config.tickMilliseconds > 0) {
      setTickPeriodMilliseconds(this.config.tickMilliseconds);
      observe("proxy_set_tick_period_milliseconds", "OK");
    }
    return true;
  }

  private checkPluginProperties(): void {
    this.checks.expect("proxy_get_property(plugin_root_id)", show(plugin.rootId()), show(this.rootId));
    this.checks.note("proxy_get_property(plugin_name)", show(plugin.name()));
  }

  private checkMetricsDefinition(): void {
    // Ids are host-specific: observe only that definition succeeded (a failure traps).
    this.requests.metricId();
    this.inflight.metricId();
    this.sizes.metricId();
    observe("proxy_define_metric(gauge, histogram)", "OK");
  }

  private checkQueues(): void {
    this.queue = registerSharedQueue(QUEUE_NAME);
    observe("proxy_register_shared_queue", "OK");
    const resolved = resolveSharedQueue("", QUEUE_NAME);
    this.checks.expect("proxy_resolve_shared_queue(registered)", yesNo(resolved !== null && resolved.id == this.queue!.id), "true");
    this.checks.expect("proxy_resolve_shared_queue(missing)", yesNo(resolveSharedQueue("", "envoyscript-no-such-queue") === null), "true");
  }

  private checkForeignFunctions(): void {
    const missing = callForeignFunction("envoyscript_conformance_missing", new ArrayBuffer(0));
    this.checks.expect("proxy_call_foreign_function(missing)", wasmResultName(missing.status), "NOT_FOUND");
    if (!this.config.foreignCompress) return;
    const input = String.UTF8.encode("conformance conformance conformance");
    const compressed = callForeignFunction("compress", input);
    const restored = callForeignFunction("uncompress", compressed.results);
    this.checks.expect("proxy_call_foreign_function(compress+uncompress)", yesNo(restored.ok && String.UTF8.decode(restored.results) == "conformance conformance conformance"), "true");
  }

  onTick(): void {
    this.ticks++;
    if (this.ticks > 1) return; // Observe the first tick only: tick counts are timing-dependent.
    observe("proxy_on_tick", "first");
    this.checks.expect("proxy_done(not pending)", done() ? "OK" : "NOT_FOUND", "NOT_FOUND");
    if (this.config.httpCluster.length > 0) this.calloutFromRoot();
    setTickPeriodMilliseconds(0);
    observe("proxy_set_tick_period_milliseconds(0)", "OK");
  }

  private calloutFromRoot(): void {
    const headers: HeaderPair[] = [
      new HeaderPair(":method", "GET"),
      new HeaderPair(":path", "/conformance/tick"),
      new HeaderPair(":authority", "conformance"),
    ];
    const token = httpCall(this.config.httpCluster, headers, null, [], 5000, new TickCalloutHandler());
    observe("proxy_http_call(from tick)", token != 0 ? "OK" : "refused");
  }

  onQueueReady(queueId: u32): void {
    const queue = this.queue;
    if (queue === null || queueId != queue.id) return;
    let message = queue.dequeueString();
    while (message !== null) {
      observe("proxy_on_queue_ready", "dequeued " + show(message));
      message = queue.dequeueString();
    }
    observe("proxy_dequeue_shared_queue(drained)", "EMPTY");
  }

  onForeignFunction(functionId: u32, argumentsSize: u32): void {
    observe("proxy_on_foreign_function", "id=" + functionId.toString() + " arguments=" + getForeignFunctionArguments().byteLength.toString() + "/" + argumentsSize.toString());
  }

  onDone(): bool {
    observe("proxy_on_done(root)", "true");
    return true;
  }

  newHttpContext(contextId: u32): HttpContext | null {
    this.requestSerial++;
    return new ConformanceRequest(contextId, this, this.requestSerial);
  }

}

/** The same checks as a network filter (root id "abi-conformance-tcp"): TCP contexts only. */
export class ConformanceTcpRoot extends ConformanceRoot {
  newHttpContext(contextId: u32): HttpContext | null {
    return null;
  }

  newTcpContext(contextId: u32): TcpContext | null {
    return new ConformanceConnection(contextId, this);
  }
}

class TickCalloutHandler extends HttpCallHandler {
  onHttpCallResponse(response: HttpCallResponse): void {
    observe("proxy_on_http_call_response(from tick)", "status=" + response.statusCode().toString() + " body_size_matches=" + yesNo(<u32>response.body().byteLength == response.bodySize));
  }
}

/** Why a status code: used by checks that observe raw statuses. */
export function statusName(result: WasmResult): string {
  return wasmResultName(result);
}
