// A filter on the compat entry (0.1.15 API): what its Context overrides
// decides, not the SDK's adapters, which forward every callback; the compat
// RootContext's own `onDone` (it cancels pending callouts) keeps
// `proxy_on_done`.

export * from "@envoyscript/sdk/assembly/compat/proxy";
import { Context, FilterHeadersStatusValues, RootContext, registerRootContext } from "@envoyscript/sdk/assembly/compat";

class Filter extends Context {
  onResponseHeaders(a: u32, end_of_stream: bool): FilterHeadersStatusValues {
    return FilterHeadersStatusValues.Continue;
  }
}

class Root extends RootContext {
  createContext(context_id: u32): Context {
    return new Filter(context_id, this);
  }
}

registerRootContext((context_id: u32): RootContext => new Root(context_id), "");
