// The conformance HTTP context. A request through it exercises headers,
// properties, metrics, shared data, queues and logging; request headers opt
// into the rest:
//   x-conformance-local-reply: http | grpc   answer locally (418 / gRPC 7)
//   x-conformance-callout: 1                 HTTP callout to config.httpCluster, then resume
//   x-conformance-grpc: 1                    gRPC calls and a stream to config.grpcCluster, then resume
//   x-conformance-rewrite-body: 1            rewrite request and response bodies
//   x-conformance-close: 1                   close the request stream
// The response carries `x-conformance-checks: <passed>/<total>` and, when a
// check failed, `x-conformance-failed: <names>`.

import {
  BufferType,
  FilterDataStatus,
  FilterHeadersStatus,
  FilterTrailersStatus,
  GrpcStatus,
  HeaderPair,
  HttpCallHandler,
  HttpCallResponse,
  HttpContext,
  StreamType,
  closeStream,
  continueRequest,
  getBufferBytes,
  getBufferSize,
  httpCall,
  prependBuffer,
  replaceBufferString,
  requestHeaders,
  requestTrailers,
  response,
  responseHeaders,
  responseTrailers,
  sendLocalResponse,
} from "@envoyscript/sdk/assembly";
import { Observer, observe, show, yesNo } from "./observe";
import { ConformanceRoot } from "./root";
import { checkMetrics, checkMiscellaneous, checkProperties, checkQueue, checkRequestHeaderMap, checkSharedData } from "./http-checks";
import { startGrpcChecks } from "./grpc-checks";

export class ConformanceRequest extends HttpContext {
  readonly checks: Observer = new Observer();
  rewriteBody: bool = false;

  constructor(contextId: u32, root: ConformanceRoot, public readonly serial: u32) {
    super(contextId, root);
  }

  get conformanceRoot(): ConformanceRoot {
    return <ConformanceRoot>this.root;
  }

  onRequestHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    observe("proxy_on_request_headers", "end_of_stream=" + yesNo(endOfStream));
    const root = this.conformanceRoot;
    checkRequestHeaderMap(this.checks);
    checkProperties(this.checks, root);
    checkMetrics(this.checks, root);
    checkSharedData(this.checks, this.serial);
    checkQueue(this.checks, root, this.serial);
    checkMiscellaneous(this.checks, this.contextId);
    this.rewriteBody = requestHeaders.get("x-conformance-rewrite-body") == "1";
    if (this.rewriteBody) requestHeaders.remove("content-length");
    if (requestHeaders.get("x-conformance-close") == "1") {
      observe("proxy_close_stream(request)", closeStream(StreamType.Request) ? "OK" : "NOT_FOUND");
      return FilterHeadersStatus.StopIteration;
    }
    const localReply = requestHeaders.get("x-conformance-local-reply");
    if (localReply !== null) return this.replyLocally(localReply);
    if (requestHeaders.get("x-conformance-grpc") == "1" && startGrpcChecks(root, this.checks)) return FilterHeadersStatus.StopIteration;
    if (requestHeaders.get("x-conformance-callout") == "1") return this.callout(root);
    return FilterHeadersStatus.Continue;
  }

  private replyLocally(kind: string): FilterHeadersStatus {
    const headers: HeaderPair[] = [new HeaderPair("x-conformance-local", "yes"), new HeaderPair("x-conformance-checks", this.checks.summary())];
    if (kind == "grpc") {
      sendLocalResponse(200, "conformance_local_reply", String.UTF8.encode("denied"), headers, GrpcStatus.PermissionDenied);
    } else {
      sendLocalResponse(418, "conformance_local_reply", String.UTF8.encode("local reply\n"), headers);
    }
    observe("proxy_send_local_response", kind);
    return FilterHeadersStatus.StopIteration;
  }

  private callout(root: ConformanceRoot): FilterHeadersStatus {
    const missing = httpCall("envoyscript-no-such-cluster", calloutHeaders(), null, [], 1000, new ResumeAfterCallout(this));
    this.checks.expect("proxy_http_call(unknown cluster)", missing == 0 ? "BAD_ARGUMENT" : "OK", "BAD_ARGUMENT");
    if (root.config.httpCluster.length == 0) {
      observe("proxy_http_call", "skipped (no httpCluster configured)");
      return FilterHeadersStatus.Continue;
    }
    const body = String.UTF8.encode("conformance callout body");
    const token = httpCall(root.config.httpCluster, calloutHeaders(), body, [], 5000, new ResumeAfterCallout(this));
    this.checks.expect("proxy_http_call", token != 0 ? "OK" : "refused", "OK");
    return token != 0 ? FilterHeadersStatus.StopIteration : FilterHeadersStatus.Continue;
  }

  onRequestBody(bodySize: u32, endOfStream: bool): FilterDataStatus {
    observe("proxy_on_request_body", "size=" + bodySize.toString() + " end_of_stream=" + yesNo(endOfStream));
    this.checks.expect("proxy_get_buffer_status(request_body)", getBufferSize(BufferType.HttpRequestBody).toString(), bodySize.toString());
    if (!this.rewriteBody) return FilterDataStatus.Continue;
    if (!endOfStream) return FilterDataStatus.StopIterationAndBuffer;
    const body = getBufferBytes(BufferType.HttpRequestBody);
    const text = body === null ? "" : String.UTF8.decode(body);
    observe("proxy_get_buffer_bytes(request_body)", show(text));
    replaceBufferString(BufferType.HttpRequestBody, "rewritten:" + text);
    this.checks.expect("proxy_set_buffer_bytes(request_body)", getBufferSize(BufferType.HttpRequestBody).toString(), (10 + body!.byteLength).toString());
    return FilterDataStatus.Continue;
  }

  onRequestTrailers(trailerCount: u32): FilterTrailersStatus {
    observe("proxy_on_request_trailers", "count=" + trailerCount.toString());
    observe("proxy_get_header_map_value(request_trailers, x-conformance-trailer)", show(requestTrailers.get("x-conformance-trailer")));
    return FilterTrailersStatus.Continue;
  }

  onResponseHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    observe("proxy_on_response_headers", "end_of_stream=" + yesNo(endOfStream));
    observe("proxy_get_header_map_value(response, :status)", show(responseHeaders.get(":status")));
    if (this.rewriteBody) responseHeaders.remove("content-length");
    responseHeaders.add("x-conformance-checks", this.checks.summary());
    if (this.checks.failed.length > 0) responseHeaders.add("x-conformance-failed", this.checks.failed.join(","));
    observe("checks", this.checks.summary() + (this.checks.failed.length > 0 ? " failed: " + this.checks.failed.join(",") : ""));
    return FilterHeadersStatus.Continue;
  }

  onResponseBody(bodySize: u32, endOfStream: bool): FilterDataStatus {
    if (!this.rewriteBody) return FilterDataStatus.Continue;
    if (!endOfStream) return FilterDataStatus.StopIterationAndBuffer;
    observe("proxy_on_response_body", "end_of_stream=true");
    prependBuffer(BufferType.HttpResponseBody, String.UTF8.encode("[conformance]"));
    observe("proxy_set_buffer_bytes(response_body, prepend)", "OK");
    return FilterDataStatus.Continue;
  }

  onResponseTrailers(trailerCount: u32): FilterTrailersStatus {
    observe("proxy_on_response_trailers", "count=" + trailerCount.toString());
    observe("proxy_get_header_map_value(response_trailers, grpc-status)", show(responseTrailers.get("grpc-status")));
    return FilterTrailersStatus.Continue;
  }

  onLog(): void {
    observe("proxy_on_log", "response.code=" + response.code().toString());
    observe("proxy_get_header_map_value(request in log, x-conformance-set-all)", show(requestHeaders.get("x-conformance-set-all")));
  }

  onDone(): bool {
    observe("proxy_on_done", "true");
    return true;
  }

  onDelete(): void {
    observe("proxy_on_delete", "stream");
  }
}

function calloutHeaders(): HeaderPair[] {
  return [
    new HeaderPair(":method", "POST"),
    new HeaderPair(":path", "/conformance/callout"),
    new HeaderPair(":authority", "conformance"),
    new HeaderPair("x-conformance-callout", "from-filter"),
  ];
}

/** Resumes the paused request once the callout answered, noting what came back. */
class ResumeAfterCallout extends HttpCallHandler {
  constructor(private readonly request: ConformanceRequest) {
    super();
  }

  onHttpCallResponse(answer: HttpCallResponse): void {
    observe("proxy_on_http_call_response", "status=" + answer.statusCode().toString() + " headers=" + yesNo(answer.headerCount > 0));
    this.request.checks.expect("proxy_get_buffer_bytes(http_call_response_body)", answer.body().byteLength.toString(), answer.bodySize.toString());
    requestHeaders.add("x-conformance-callout-status", answer.statusCode().toString());
    this.request.checks.expect("proxy_continue_stream(request)", continueRequest() ? "OK" : "NOT_FOUND", "OK");
  }
}
