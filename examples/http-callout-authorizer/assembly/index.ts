// http-callout-authorizer: asks an auth service about every request before it
// reaches the upstream. The request waits (paused) while the filter sends a
// GET to the auth cluster with the headers it was told to forward:
// - 200: the request continues, with the service's `x-auth-user` answer copied
//   onto it (a client-sent `x-auth-user` is always removed first);
// - another 2xx-4xx answer: 403, with the service's body;
// - no answer (reset, timeout) or a 5xx: 503. Envoy itself answers a callout
//   with 504 on timeout and 503 when the cluster has no healthy host, so 5xx
//   means "could not decide" and the request is refused without blaming the
//   client.
// Configuration: {"cluster": "auth", "path": "/check", "timeoutMs": 500, "forwardHeaders": ["authorization"]}

export * from "@envoyscript/sdk/assembly/proxy";
import {
  FilterHeadersStatus,
  HeaderPair,
  HttpCallHandler,
  HttpCallResponse,
  HttpContext,
  JsonConfig,
  RootContext,
  continueRequest,
  getPluginConfiguration,
  httpCall,
  log,
  registerRootContext,
  requestHeaders,
  sendLocalResponse,
  sendTextResponse,
} from "@envoyscript/sdk/assembly";

const USER_HEADER = "x-auth-user";

class AuthorizerRoot extends RootContext {
  cluster: string = "auth";
  path: string = "/check";
  timeoutMs: u32 = 500;
  forwardHeaders: string[] = ["authorization"];

  onConfigure(pluginConfigurationSize: u32): bool {
    const config = JsonConfig.parse(getPluginConfiguration());
    const cluster = config.root.optionalString("cluster", "auth");
    const path = config.root.optionalString("path", "/check");
    const timeoutMs = config.root.optionalInt("timeoutMs", 500, 1, 60_000);
    const forwardHeaders = config.root.field("forwardHeaders").present ? config.root.stringArray("forwardHeaders") : ["authorization"];
    if (config.failed) {
      log.error("http-callout-authorizer: " + config.error!.toString());
      return false;
    }
    this.cluster = cluster;
    this.path = path;
    this.timeoutMs = <u32>timeoutMs;
    this.forwardHeaders = forwardHeaders;
    return true;
  }

  newHttpContext(contextId: u32): HttpContext | null {
    return new AuthorizedRequest(contextId, this);
  }
}

class AuthorizedRequest extends HttpContext {
  onRequestHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    const root = <AuthorizerRoot>this.root;
    // Only the auth service may say who the user is.
    requestHeaders.remove(USER_HEADER);
    const token = httpCall(root.cluster, this.checkHeaders(root), null, [], root.timeoutMs, new AuthAnswer());
    if (token == 0) {
      log.warn("http-callout-authorizer: cannot call cluster " + root.cluster + " (unknown cluster?)");
      sendTextResponse(503, "auth service unavailable\n", [], "auth_callout_refused");
    }
    // Paused: AuthAnswer resumes or answers the request (or it was answered above).
    return FilterHeadersStatus.StopIteration;
  }

  /** The check request: GET <path> with the configured request headers. */
  private checkHeaders(root: AuthorizerRoot): HeaderPair[] {
    const headers: HeaderPair[] = [
      new HeaderPair(":method", "GET"),
      new HeaderPair(":path", root.path),
      new HeaderPair(":authority", root.cluster),
    ];
    for (let i = 0; i < root.forwardHeaders.length; i++) {
      const name = root.forwardHeaders[i];
      const value = requestHeaders.get(name);
      if (value !== null) headers.push(new HeaderPair(name, value));
    }
    return headers;
  }
}

/** Receives the auth service's answer; the SDK has made the paused request effective again. */
class AuthAnswer extends HttpCallHandler {
  onHttpCallResponse(response: HttpCallResponse): void {
    const status = response.statusCode();
    if (status == 200) {
      allow(response);
    } else if (!response.succeeded || status >= 500) {
      log.warn("http-callout-authorizer: auth service failed (status " + status.toString() + "), answering 503");
      sendTextResponse(503, "auth service unavailable\n", [], "auth_callout_failed");
    } else {
      log.info("http-callout-authorizer: denied with auth status " + status.toString());
      sendLocalResponse(403, "auth_denied", response.body(), deniedHeaders(response));
    }
  }
}

function allow(response: HttpCallResponse): void {
  const user = response.header(USER_HEADER);
  if (user !== null) requestHeaders.replace(USER_HEADER, user);
  log.info("http-callout-authorizer: allowed user " + (user === null ? "-" : user));
  continueRequest();
}

/** The auth service's content type travels with its body. */
function deniedHeaders(response: HttpCallResponse): HeaderPair[] {
  const contentType = response.header("content-type");
  return contentType === null ? [] : [new HeaderPair("content-type", contentType)];
}

registerRootContext((contextId: u32, rootId: string): RootContext => new AuthorizerRoot(contextId, rootId), "http-callout-authorizer");
