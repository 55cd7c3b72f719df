// A filter in the style of @solo-io/proxy-runtime 0.1.15, for the compat
// tests on the SDK's fake host. It logs what it sees so the test can check
// the compat contracts, and `apiSurface` (exported so that asc compiles it,
// never called) uses every name 0.1.15 exported from its package root.

export * from "@envoyscript/sdk/assembly/compat/proxy";
import {
  BaseContext, RootContext, Context, registerRootContext,
  BufferTypeValues, LogLevelValues, WasmResultValues, GrpcStatusValues,
  FilterStatusValues, FilterHeadersStatusValues, FilterMetadataStatusValues, FilterTrailersStatusValues, FilterDataStatusValues,
  stream_context, HeaderPair, Headers, makeHeaderPair,
  Gauge, Histogram, Counter, log,
  HttpCallback, send_local_response, continue_request, continue_response,
  proxy_set_effective_context, set_property, get_property, get_shared_data, set_shared_data, set_tick_period_milliseconds,
  register_shared_queue, resolve_shared_queue, enqueue_shared_queue, dequeue_shared_queue,
  get_buffer_bytes, call_foreign_function,
  PeerTypeValues, MetricTypeValues, HeaderMapTypeValues, StreamTypeValues, BufferFlagsValues,
  set_buffer_bytes, get_buffer_status, get_configuration, get_vm_configuration, clear_route_cache, get_status,
  done, proxy_done, logLevel, get_current_time_nanoseconds, define_metric, increment_metric, record_metric, get_metric,
  get_header_map_size,
} from "@envoyscript/sdk/assembly/compat";

class ProbeRoot extends RootContext {
  onConfigure(configuration_size: u32): bool {
    super.onConfigure(configuration_size);
    log(LogLevelValues.info, "configured: [" + this.getConfiguration() + "]");
    return true;
  }

  createContext(context_id: u32): Context {
    return new Probe(context_id, this);
  }
}

class Probe extends Context {
  constructor(context_id: u32, root_context: ProbeRoot) {
    super(context_id, root_context);
  }

  onRequestHeaders(a: u32, end_of_stream: bool): FilterHeadersStatusValues {
    log(LogLevelValues.info, "missing property bytes: " + get_property("no\0such").byteLength.toString());
    log(LogLevelValues.info, "root id: " + String.UTF8.decode(get_property("plugin_root_id")));
    log(LogLevelValues.info, "missing header: [" + stream_context.headers.request.get("x-absent") + "]");
    log(LogLevelValues.info, "path: " + stream_context.headers.request.get(":path"));
    stream_context.headers.request.add("x-probe", this.root_context.getConfiguration());
    return FilterHeadersStatusValues.StopIteration;
  }

  onNewConnection(): FilterStatusValues {
    log(LogLevelValues.info, "new connection " + this.context_id.toString());
    return FilterStatusValues.StopIteration;
  }

  onDownstreamData(size: usize, end: bool): FilterStatusValues {
    log(LogLevelValues.info, "downstream " + size.toString() + " end=" + end.toString());
    return FilterStatusValues.Continue;
  }

  onDownstreamConnectionClose(t: PeerTypeValues): void {
    log(LogLevelValues.info, "downstream closed by " + (<i32>t).toString());
  }

  onDone(): bool {
    log(LogLevelValues.info, "done " + this.context_id.toString());
    return true;
  }

  onLog(): void {
    log(LogLevelValues.info, "log " + this.context_id.toString());
  }

  onDelete(): void {
    log(LogLevelValues.info, "delete " + this.context_id.toString());
  }
}

registerRootContext((context_id: u32) => { return new ProbeRoot(context_id); }, "probe");

function onAnswer(origin_context: BaseContext, headers: u32, body_size: usize, trailers: u32): void {
  log(LogLevelValues.info, stream_context.headers.http_callback.get(":status"));
}

/** Compiled, never called: every 0.1.15 root export (and the runtime.ts extras) in use. */
export function apiSurface(): void {
  const root = new ProbeRoot(1);
  const context: BaseContext = new Context(2, root);
  const headers: Headers = [makeHeaderPair("a", "b"), new HeaderPair(new ArrayBuffer(1), new ArrayBuffer(1))];
  root.httpCall("cluster", headers, new ArrayBuffer(0), [], 1000, context, onAnswer);
  const callback = new HttpCallback(context, onAnswer);
  root.cancelPendingRequests();
  root.done();
  (<Context>context).continueRequest();
  (<Context>context).setEffectiveContext();
  stream_context.headers.response.replace("x", "y");
  stream_context.headers.response.remove("x");
  stream_context.trailers.request.set_headers(stream_context.trailers.response.get_headers());
  stream_context.headers.http_callback.get(":status");
  new Counter("c").increment(1);
  const gauge = new Gauge("g");
  gauge.increment(-1);
  gauge.record(gauge.metric_id, 3);
  const histogram = new Histogram("h");
  histogram.record(histogram.metric_id, 3);
  const results: WasmResultValues[] = [
    send_local_response(403, "denied", new ArrayBuffer(0), headers, GrpcStatusValues.PermissionDenied),
    continue_request(),
    continue_response(),
    proxy_set_effective_context(2),
    set_property("a\0b", new ArrayBuffer(1)),
    set_shared_data("k", new ArrayBuffer(1), get_shared_data("k").cas),
    enqueue_shared_queue(register_shared_queue("q").token, new ArrayBuffer(1)),
    resolve_shared_queue("vm", "q").result,
    dequeue_shared_queue(1).result,
    set_buffer_bytes(BufferTypeValues.HttpRequestBody, 0, 0, get_buffer_bytes(BufferTypeValues.HttpRequestBody, 0, 10)),
    get_buffer_status(BufferTypeValues.HttpResponseBody).result,
    clear_route_cache(),
    done(),
    proxy_done(),
    define_metric(MetricTypeValues.Counter, "d").result,
    increment_metric(1, 1),
    record_metric(1, 1),
    get_metric(1).result,
  ];
  set_tick_period_milliseconds(1000);
  call_foreign_function("f", "arg");
  log(logLevel(), get_configuration() + get_vm_configuration() + get_status().status.toString() + get_current_time_nanoseconds().toString());
  const sizes: usize = get_header_map_size(HeaderMapTypeValues.RequestHeaders) + <usize>StreamTypeValues.Request + <usize>BufferFlagsValues.EndOfStream;
  const statuses: i32[] = [
    FilterHeadersStatusValues.Continue, FilterDataStatusValues.Continue, FilterTrailersStatusValues.Continue,
    FilterMetadataStatusValues.Continue, results.length, <i32>sizes, <i32>(callback.origin_context.context_id),
  ];
  log(LogLevelValues.debug, statuses.length.toString());
}
