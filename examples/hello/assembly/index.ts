// hello: adds `x-hello: <greeting>` to every response and logs each request.
// Configuration (optional): {"greeting": "..."}; the greeting defaults to "world".

export * from "@envoyscript/sdk/assembly/proxy";
import {
  FilterHeadersStatus,
  FilterRequest,
  FilterRoot,
  HttpContext,
  JsonField,
  LogLevel,
  RootContext,
  log,
  registerRootContext,
  requestHeaders,
  responseHeaders,
} from "@envoyscript/sdk/assembly";

class HelloConfig {
  constructor(readonly greeting: string) {}
}

class HelloRoot extends FilterRoot<HelloConfig> {
  readConfig(root: JsonField): HelloConfig {
    root.checkFields(["greeting"]);
    return new HelloConfig(root.field("greeting").asHeaderValue("world"));
  }

  newRequest(contextId: u32, config: HelloConfig): HttpContext {
    return new HelloRequest(contextId, this, config);
  }
}

class HelloRequest extends FilterRequest<HelloConfig> {
  onRequestHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    // Below the host's level the line would be dropped: skip the two header
    // reads and the string building too (one proxy_get_log_level instead).
    if (log.enabled(LogLevel.Info)) {
      const method = requestHeaders.get(":method");
      const path = requestHeaders.get(":path");
      log.info("hello: " + (method === null ? "-" : method) + " " + (path === null ? "-" : path));
    }
    return FilterHeadersStatus.Continue;
  }

  onResponseHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    responseHeaders.add("x-hello", this.config.greeting);
    return FilterHeadersStatus.Continue;
  }
}

registerRootContext((contextId: u32, rootId: string): RootContext => new HelloRoot(contextId, rootId, "hello"), "hello");
