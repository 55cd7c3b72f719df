// hello: adds `x-hello: <greeting>` to every response and logs each request.
// Configuration (optional): {"greeting": "..."}; the greeting defaults to "world".

export * from "@envoyscript/sdk/assembly/proxy";
import {
  FilterHeadersStatus,
  HttpContext,
  JsonConfig,
  RootContext,
  getPluginConfiguration,
  log,
  registerRootContext,
  requestHeaders,
  responseHeaders,
} from "@envoyscript/sdk/assembly";

class HelloRoot extends RootContext {
  greeting: string = "world";

  onConfigure(pluginConfigurationSize: u32): bool {
    const config = JsonConfig.parse(getPluginConfiguration());
    const greeting = config.root.optionalString("greeting", "world");
    if (config.failed) {
      log.error("hello: " + config.error!.toString());
      return false;
    }
    this.greeting = greeting;
    return true;
  }

  newHttpContext(contextId: u32): HttpContext | null {
    return new HelloRequest(contextId, this);
  }
}

class HelloRequest extends HttpContext {
  onRequestHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    const method = requestHeaders.get(":method");
    const path = requestHeaders.get(":path");
    log.info("hello: " + (method === null ? "-" : method) + " " + (path === null ? "-" : path));
    return FilterHeadersStatus.Continue;
  }

  onResponseHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    responseHeaders.add("x-hello", (<HelloRoot>this.root).greeting);
    return FilterHeadersStatus.Continue;
  }
}

registerRootContext((contextId: u32, rootId: string): RootContext => new HelloRoot(contextId, rootId), "hello");
