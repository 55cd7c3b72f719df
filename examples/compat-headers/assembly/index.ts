// compat-headers: a filter written in the style of @solo-io/proxy-runtime
// 0.1.15 (only its import paths changed). It reads a "key=value;..."
// configuration with get_configuration(), answers `local_path` itself,
// rewrites request headers (adds, replaces, strips a prefix), lists and
// rewrites response headers, and counts requests with Counters.

export * from "@envoyscript/sdk/assembly/compat/proxy"; // this exports the required functions for the proxy to interact with us.
import {
  RootContext, Context, registerRootContext, FilterHeadersStatusValues, GrpcStatusValues, LogLevelValues,
  Counter, Headers, makeHeaderPair, stream_context, send_local_response, get_configuration, log,
} from "@envoyscript/sdk/assembly/compat";

const requests = new Counter("compat_headers_requests");
const localAnswers = new Counter("compat_headers_local_responses");

class HeadersRoot extends RootContext {
  greeting: string = "world";
  local_path: string = "/local";
  strip_prefix: string = "x-strip-";

  onConfigure(configuration_size: u32): bool {
    const entries = get_configuration().split(";");
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i].trim();
      if (entry == "") continue;
      const equals = entry.indexOf("=");
      if (equals < 0) {
        log(LogLevelValues.error, "compat_headers: configuration entry \"" + entry + "\" is not key=value");
        return false;
      }
      const key = entry.substring(0, equals).trim();
      const value = entry.substring(equals + 1).trim();
      if (key == "greeting") this.greeting = value;
      else if (key == "local_path") this.local_path = value;
      else if (key == "strip_prefix") this.strip_prefix = value;
      else {
        log(LogLevelValues.error, "compat_headers: unknown configuration key \"" + key + "\" (expected greeting, local_path, strip_prefix)");
        return false;
      }
    }
    log(LogLevelValues.info, "compat_headers: greeting=" + this.greeting + " local_path=" + this.local_path + " strip_prefix=" + this.strip_prefix);
    return true;
  }

  createContext(context_id: u32): Context {
    return new HeadersFilter(context_id, this);
  }
}

class HeadersFilter extends Context {
  constructor(context_id: u32, root_context: HeadersRoot) {
    super(context_id, root_context);
  }

  onRequestHeaders(a: u32, end_of_stream: bool): FilterHeadersStatusValues {
    const root = this.root_context as HeadersRoot;
    requests.increment(1);
    if (stream_context.headers.request.get(":path") == root.local_path) {
      localAnswers.increment(1);
      const headers: Headers = [makeHeaderPair("x-compat", "local"), makeHeaderPair("content-type", "text/plain")];
      send_local_response(200, "compat_local_answer", String.UTF8.encode("local answer: " + root.greeting + "\n"), headers, GrpcStatusValues.InvalidCode);
      return FilterHeadersStatusValues.StopIteration;
    }
    stream_context.headers.request.add("x-compat-greeting", root.greeting);
    stream_context.headers.request.replace("x-request-mode", "compat");
    const all = stream_context.headers.request.get_headers();
    for (let i = 0; i < all.length; i++) {
      const name = String.UTF8.decode(all[i].key);
      if (name.startsWith(root.strip_prefix)) stream_context.headers.request.remove(name);
    }
    return FilterHeadersStatusValues.Continue;
  }

  onResponseHeaders(a: u32, end_of_stream: bool): FilterHeadersStatusValues {
    const root = this.root_context as HeadersRoot;
    const headers = stream_context.headers.response.get_headers();
    const count = headers.length;
    headers.push(makeHeaderPair("x-response-header-count", count.toString()));
    stream_context.headers.response.set_headers(headers);
    stream_context.headers.response.add("x-greeting", root.greeting);
    return FilterHeadersStatusValues.Continue;
  }
}

registerRootContext((context_id: u32) => { return new HeadersRoot(context_id); }, "compat_headers");
