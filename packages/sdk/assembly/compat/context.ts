// The per-stream classes of 0.1.15: BaseContext (what root and stream
// contexts share) and Context (one class for both HTTP streams and TCP
// connections; override the callbacks the filter needs). Every default lets
// the stream continue. The SDK's dispatcher calls them through the adapters
// in ./adapters.ts.

import { proxy_continue_stream, proxy_set_effective_context } from "../imports";
import { wasmResultName } from "../enums";
import {
  FilterDataStatusValues,
  FilterHeadersStatusValues,
  FilterMetadataStatusValues,
  FilterStatusValues,
  FilterTrailersStatusValues,
  LogLevelValues,
  PeerTypeValues,
  StreamTypeValues,
  WasmResultValues,
} from "./enums";
import { log } from "./logging";
import { RootContext } from "./root-context";

/** What root and stream contexts share: the host's context id and lifecycle callbacks. */
export abstract class BaseContext {
  context_id: u32;

  constructor(context_id_: u32) {
    this.context_id = context_id_;
  }

  /** Resumes the paused request; logs at CRITICAL when the host refuses. Wraps `proxy_continue_stream(REQUEST)`. */
  continueRequest(): void {
    const result = proxy_continue_stream(<u32>StreamTypeValues.Request);
    if (result != WasmResultValues.Ok) {
      log(LogLevelValues.critical, "Unable to continue request: " + wasmResultName(result));
    }
  }

  /** The host is done with this context (`proxy_on_done`); false keeps it until `done()`. */
  onDone(): bool {
    return true;
  }

  /** The host deleted this context (`proxy_on_delete`). */
  onDelete(): void {}
}

/** One HTTP stream or TCP connection. Extend it; its root context creates it in `createContext`. */
export class Context extends BaseContext {
  root_context: RootContext;

  constructor(context_id_: u32, root_context: RootContext) {
    super(context_id_);
    this.root_context = root_context;
  }

  /** Not meant to be called (0.1.15 threw here too). */
  createContext(): Context {
    abort("envoyscript compat: Context.createContext() is not implemented; create stream contexts in RootContext.createContext(context_id)");
    return this;
  }

  /** A connection was accepted (`proxy_on_new_connection`). */
  onNewConnection(): FilterStatusValues {
    return FilterStatusValues.Continue;
  }

  /** Bytes from the client (`proxy_on_downstream_data`); read them with `get_buffer_bytes(NetworkDownstreamData, ...)`. */
  onDownstreamData(size: usize, end: bool): FilterStatusValues {
    return FilterStatusValues.Continue;
  }

  /** Bytes from the upstream (`proxy_on_upstream_data`). */
  onUpstreamData(size: usize, end: bool): FilterStatusValues {
    return FilterStatusValues.Continue;
  }

  /** The client side closed (`proxy_on_downstream_connection_close`). */
  onDownstreamConnectionClose(t: PeerTypeValues): void {}

  /** The upstream side closed (`proxy_on_upstream_connection_close`). */
  onUpstreamConnectionClose(t: PeerTypeValues): void {}

  /** Request headers arrived (`proxy_on_request_headers`); read them through `stream_context.headers.request`. */
  onRequestHeaders(a: u32, end_of_stream: bool): FilterHeadersStatusValues {
    return FilterHeadersStatusValues.Continue;
  }

  /** Never called: Envoy has no metadata callbacks on ABI 0.2.1. */
  onRequestMetadata(a: u32): FilterMetadataStatusValues {
    return FilterMetadataStatusValues.Continue;
  }

  /** A request body chunk arrived (`proxy_on_request_body`). */
  onRequestBody(body_buffer_length: usize, end_of_stream: bool): FilterDataStatusValues {
    return FilterDataStatusValues.Continue;
  }

  /** Request trailers arrived (`proxy_on_request_trailers`). */
  onRequestTrailers(a: u32): FilterTrailersStatusValues {
    return FilterTrailersStatusValues.Continue;
  }

  /** Response headers arrived (`proxy_on_response_headers`). */
  onResponseHeaders(a: u32, end_of_stream: bool): FilterHeadersStatusValues {
    return FilterHeadersStatusValues.Continue;
  }

  /** Never called: Envoy has no metadata callbacks on ABI 0.2.1. */
  onResponseMetadata(a: u32): FilterMetadataStatusValues {
    return FilterMetadataStatusValues.Continue;
  }

  /** A response body chunk arrived (`proxy_on_response_body`). */
  onResponseBody(body_buffer_length: usize, end_of_stream: bool): FilterDataStatusValues {
    return FilterDataStatusValues.Continue;
  }

  /** Response trailers arrived (`proxy_on_response_trailers`). */
  onResponseTrailers(s: u32): FilterTrailersStatusValues {
    return FilterTrailersStatusValues.Continue;
  }

  /** Last chance to log about the stream (`proxy_on_log`). */
  onLog(): void {}

  /** Makes this context the one later hostcalls act on. Wraps `proxy_set_effective_context`. */
  setEffectiveContext(): WasmResultValues {
    return <WasmResultValues>proxy_set_effective_context(this.context_id);
  }
}
