// Callbacks overridden at two levels of a user class hierarchy, and a root
// that overrides `onDone`: each level counts.

export * from "@envoyscript/sdk/assembly/proxy";
import { FilterDataStatus, HttpContext, RootContext, registerRootContext } from "@envoyscript/sdk/assembly";

class BodyReader extends HttpContext {
  onResponseBody(bodySize: u32, endOfStream: bool): FilterDataStatus {
    return FilterDataStatus.Continue;
  }
}

class BodyAndLog extends BodyReader {
  onLog(): void {}
}

class Root extends RootContext {
  onDone(): bool {
    return true;
  }
  newHttpContext(contextId: u32): HttpContext {
    return new BodyAndLog(contextId, this);
  }
}

registerRootContext((contextId: u32, rootId: string): RootContext => new Root(contextId, rootId), "");
