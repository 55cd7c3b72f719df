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
  FilterRequest,
  FilterRoot,
  HeaderPair,
  HttpCallHandler,
  HttpCallResponse,
  HttpContext,
  JsonField,
  RootContext,
  continueRequest,
  httpCall,
  log,
  registerRootContext,
  requestHeaders,
  sendLocalResponse,
  sendTextResponse,
} from "@envoyscript/sdk/assembly";

const USER_HEADER = "x-auth-user";

class AuthorizerConfig {
  constructor(
    public readonly cluster: string,
    public readonly path: string,
    public readonly timeoutMs: u32,
    public readonly forwardHeaders: string[],
  ) {}
}

class AuthorizerRoot extends FilterRoot<AuthorizerConfig> {
  readConfig(root: JsonField): AuthorizerConfig {
    root.checkFields(["cluster", "path", "timeoutMs", "forwardHeaders"]);
    const forward = root.field("forwardHeaders");
    const forwardHeaders = new Array<string>();
    const items = forward.items();
    for (let i = 0; i < items.length; i++) forwardHeaders.push(items[i].asHeaderName("", false, true));
    if (!forward.present) forwardHeaders.push("authorization");
    return new AuthorizerConfig(
      root.field("cluster").asNonEmptyString("auth"),
      root.field("path").asHeaderValue("/check"),
      <u32>root.field("timeoutMs").asInteger(500, 1, 60_000),
      forwardHeaders,
    );
  }

  newRequest(contextId: u32, config: AuthorizerConfig): HttpContext {
    return new AuthorizedRequest(contextId, this, config);
  }
}

class AuthorizedRequest extends FilterRequest<AuthorizerConfig> {
  onRequestHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    const config = this.config;
    // Only the auth service may say who the user is.
    requestHeaders.remove(USER_HEADER);
    const token = httpCall(config.cluster, checkHeaders(config), null, [], config.timeoutMs, new AuthAnswer());
    if (token == 0) {
      log.warn("http-callout-authorizer: cannot call cluster " + config.cluster + " (unknown cluster?)");
      sendTextResponse(503, "auth service unavailable\n", [], "auth_callout_refused");
    }
    // Paused: AuthAnswer resumes or answers the request (or it was answered above).
    return FilterHeadersStatus.StopIteration;
  }
}

/** The check request: GET <path> with the configured request headers. */
function checkHeaders(config: AuthorizerConfig): HeaderPair[] {
  const headers: HeaderPair[] = [
    new HeaderPair(":method", "GET"),
    new HeaderPair(":path", config.path),
    new HeaderPair(":authority", config.cluster),
  ];
  for (let i = 0; i < config.forwardHeaders.length; i++) {
    const name = config.forwardHeaders[i];
    const value = requestHeaders.get(name);
    if (value !== null) headers.push(new HeaderPair(name, value));
  }
  return headers;
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

registerRootContext((contextId: u32, rootId: string): RootContext => new AuthorizerRoot(contextId, rootId, "http-callout-authorizer"), "http-callout-authorizer");
