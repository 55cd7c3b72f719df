// compat-callout: an external-authorization filter written in the style of
// @solo-io/proxy-runtime 0.1.15 (only its import paths changed). For every
// request it asks the auth cluster named by its configuration, forwarding
// the request headers with RootContext.httpCall; the callback continues the
// request (adding the user the auth service named) on a 200 and answers 403
// with the auth service's body otherwise.

export * from "@envoyscript/sdk/assembly/compat/proxy"; // this exports the required functions for the proxy to interact with us.
import {
  RootContext, Context, BaseContext, registerRootContext, log, LogLevelValues, BufferTypeValues,
  FilterHeadersStatusValues, FilterDataStatusValues, FilterTrailersStatusValues, GrpcStatusValues, WasmResultValues,
  makeHeaderPair, stream_context, send_local_response, continue_request, get_buffer_bytes,
} from "@envoyscript/sdk/assembly/compat";

class AuthRoot extends RootContext {
  createContext(context_id: u32): Context {
    return new Auth(context_id, this);
  }
}

class Auth extends Context {
  allow: bool = false;

  constructor(context_id: u32, root_context: AuthRoot) {
    super(context_id, root_context);
  }

  onRequestHeaders(a: u32, end_of_stream: bool): FilterHeadersStatusValues {
    const cluster = this.root_context.getConfiguration();
    const result = this.root_context.httpCall(cluster,
      // give the auth cluster our headers, so it can make a decision.
      stream_context.headers.request.get_headers(),
      // no body or trailers
      new ArrayBuffer(0), [],
      // one second timeout
      1000,
      // the callback receives this context back
      this,
      // called with the answer; headers is 0 when the call failed
      (origin_context: BaseContext, headers: u32, body_size: usize, trailers: u32) => {
        const context = origin_context as Auth;
        const status = headers == 0 ? "none" : stream_context.headers.http_callback.get(":status");
        log(LogLevelValues.info, "compat_callout: auth answered " + status);
        if (status == "200") {
          stream_context.headers.request.add("x-auth-user", stream_context.headers.http_callback.get("x-auth-user"));
          context.allow = true;
          continue_request();
          return;
        }
        const body = get_buffer_bytes(BufferTypeValues.HttpCallResponseBody, 0, <u32>body_size);
        send_local_response(403, "compat_callout_denied", body, [makeHeaderPair("x-auth-status", status)], GrpcStatusValues.Unauthenticated);
      });

    if (result != WasmResultValues.Ok) {
      log(LogLevelValues.error, "compat_callout: http call to \"" + cluster + "\" failed: " + result.toString());
      send_local_response(500, "compat_callout_failed", String.UTF8.encode("auth service unavailable\n"), [], GrpcStatusValues.Internal);
      return FilterHeadersStatusValues.StopIteration;
    }
    return this.allow ? FilterHeadersStatusValues.Continue : FilterHeadersStatusValues.StopIteration;
  }

  onRequestBody(body_buffer_length: usize, end_of_stream: bool): FilterDataStatusValues {
    return this.allow ? FilterDataStatusValues.Continue : FilterDataStatusValues.StopIterationAndWatermark;
  }

  onRequestTrailers(a: u32): FilterTrailersStatusValues {
    return this.allow ? FilterTrailersStatusValues.Continue : FilterTrailersStatusValues.StopIteration;
  }
}

registerRootContext((context_id: u32) => { return new AuthRoot(context_id); }, "compat_callout");
