// HTTP callouts of 0.1.15: a callback function plus the context it belongs
// to (AssemblyScript functions capture nothing, so the context travels
// beside the function). The SDK's callout machinery delivers the answer to
// `CalloutAnswer`, which hands it to the compat root context.

import { HttpCallHandler, HttpCallResponse } from "../http-call";
import { BaseContext } from "./context";
import { RootContext } from "./root-context";

/** The callback's type: the origin context, then the answer's header count, body size and trailer count (headers 0: the call failed). */
export type HttpCallbackFunction = (origin_context: BaseContext, headers: u32, body_size: usize, trailers: u32) => void;

/** A pending callout's callback and the context to hand back to it. */
export class HttpCallback {
  origin_context: BaseContext;
  cb: HttpCallbackFunction;

  constructor(origin_context: BaseContext, cb: HttpCallbackFunction) {
    this.origin_context = origin_context;
    this.cb = cb;
  }
}

/** Receives the SDK's delivery of a callout answer and passes it to the root context that made the call. */
export class CalloutAnswer extends HttpCallHandler {
  constructor(private readonly root: RootContext) {
    super();
  }

  onHttpCallResponse(response: HttpCallResponse): void {
    this.root.onHttpCallResponse(response.token, response.headerCount, response.bodySize, response.trailerCount);
  }
}
