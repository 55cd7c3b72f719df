// body-rewriter: replaces strings in response bodies (and, when configured, in
// JSON request bodies). A body is buffered until its end (StopIterationAndBuffer),
// rewritten in one piece, and sent on without its content-length, which no
// longer holds. Bodies larger than maxBodyBytes, and compressed responses, pass
// untouched. Bodies are read as UTF-8 text; a body no replacement matches is
// never rewritten, so binary bodies pass byte for byte.
// Configuration: {"replacements": [{"from": "...", "to": "..."}], "maxBodyBytes": 65536, "rewriteRequestJson": false}

export * from "@envoyscript/sdk/assembly/proxy";
import {
  BufferType,
  FilterDataStatus,
  FilterHeadersStatus,
  HeaderMap,
  HttpContext,
  JsonConfig,
  JsonErrorCode,
  RootContext,
  getBufferString,
  getPluginConfiguration,
  log,
  registerRootContext,
  replaceBufferString,
  requestHeaders,
  responseHeaders,
} from "@envoyscript/sdk/assembly";

class Replacement {
  constructor(public readonly from: string, public readonly to: string) {}
}

class RewriterRoot extends RootContext {
  replacements: Replacement[] = [];
  maxBodyBytes: u32 = 65536;
  rewriteRequestJson: bool = false;

  onConfigure(pluginConfigurationSize: u32): bool {
    const config = JsonConfig.parse(getPluginConfiguration());
    const replacements = readReplacements(config);
    const maxBodyBytes = config.root.optionalInt("maxBodyBytes", 65536, 1, 16 << 20);
    const rewriteRequestJson = config.root.optionalBool("rewriteRequestJson", false);
    if (config.failed) {
      log.error("body-rewriter: " + config.error!.toString());
      return false;
    }
    this.replacements = replacements;
    this.maxBodyBytes = <u32>maxBodyBytes;
    this.rewriteRequestJson = rewriteRequestJson;
    return true;
  }

  newHttpContext(contextId: u32): HttpContext | null {
    return new RewrittenExchange(contextId, this);
  }
}

function readReplacements(config: JsonConfig): Replacement[] {
  const list = config.root.field("replacements");
  const count = list.arrayLength();
  if (count == 0 && !config.failed) config.report(JsonErrorCode.MISSING, list.path, "expected at least one {\"from\", \"to\"} replacement");
  const replacements = new Array<Replacement>();
  for (let i = 0; i < count; i++) {
    const item = list.item(i);
    const from = item.requiredString("from");
    const to = item.requiredString("to");
    if (from.length == 0 && !config.failed) config.report(JsonErrorCode.INVALID, item.path + ".from", "expected a non-empty string");
    replacements.push(new Replacement(from, to));
  }
  return replacements;
}

class RewrittenExchange extends HttpContext {
  rewritingRequest: bool = false;
  rewritingResponse: bool = false;

  onRequestHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    const root = <RewriterRoot>this.root;
    this.rewritingRequest = root.rewriteRequestJson && !endOfStream && isJson(requestHeaders.get("content-type")) && fitsLimit(requestHeaders, root);
    if (this.rewritingRequest) requestHeaders.remove("content-length");
    return FilterHeadersStatus.Continue;
  }

  onRequestBody(bodySize: u32, endOfStream: bool): FilterDataStatus {
    if (!this.rewritingRequest) return FilterDataStatus.Continue;
    const status = rewriteWhenComplete(BufferType.HttpRequestBody, bodySize, endOfStream, <RewriterRoot>this.root);
    // Once the body moves on (rewritten or too large) later chunks pass as they are.
    if (status == FilterDataStatus.Continue) this.rewritingRequest = false;
    return status;
  }

  onResponseHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    const root = <RewriterRoot>this.root;
    this.rewritingResponse = !endOfStream && !responseHeaders.has("content-encoding") && fitsLimit(responseHeaders, root);
    if (this.rewritingResponse) responseHeaders.remove("content-length");
    return FilterHeadersStatus.Continue;
  }

  onResponseBody(bodySize: u32, endOfStream: bool): FilterDataStatus {
    if (!this.rewritingResponse) return FilterDataStatus.Continue;
    const status = rewriteWhenComplete(BufferType.HttpResponseBody, bodySize, endOfStream, <RewriterRoot>this.root);
    if (status == FilterDataStatus.Continue) this.rewritingResponse = false;
    return status;
  }
}

/**
 * Buffers the body until its end, then rewrites it. `bodySize` is what Envoy
 * has buffered so far: past the limit, everything buffered is let go untouched.
 */
function rewriteWhenComplete(body: BufferType, bodySize: u32, endOfStream: bool, root: RewriterRoot): FilterDataStatus {
  if (bodySize > root.maxBodyBytes) {
    log.debug("body-rewriter: body larger than " + root.maxBodyBytes.toString() + " bytes, passing it untouched");
    return FilterDataStatus.Continue;
  }
  if (!endOfStream) return FilterDataStatus.StopIterationAndBuffer;
  const text = getBufferString(body, 0, bodySize);
  if (text === null) return FilterDataStatus.Continue;
  const rewritten = applyReplacements(text, root.replacements);
  if (rewritten != text) {
    replaceBufferString(body, rewritten);
    log.info("body-rewriter: rewrote " + (body == BufferType.HttpRequestBody ? "request" : "response") + " body (" + bodySize.toString() + " -> " + String.UTF8.byteLength(rewritten).toString() + " bytes)");
  }
  return FilterDataStatus.Continue;
}

function applyReplacements(text: string, replacements: Replacement[]): string {
  for (let i = 0; i < replacements.length; i++) text = text.replaceAll(replacements[i].from, replacements[i].to);
  return text;
}

/** False when the headers announce a body larger than the limit (an absent content-length fits: it is checked while buffering). */
function fitsLimit(headers: HeaderMap, root: RewriterRoot): bool {
  const contentLength = headers.get("content-length");
  return contentLength === null || I64.parseInt(contentLength) <= <i64>root.maxBodyBytes;
}

/** `application/json`, or a `+json` type such as `application/problem+json`, whatever its parameters. */
function isJson(contentType: string | null): bool {
  if (contentType === null) return false;
  const semicolon = contentType.indexOf(";");
  const mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase();
  return mediaType == "application/json" || mediaType.endsWith("+json");
}

registerRootContext((contextId: u32, rootId: string): RootContext => new RewriterRoot(contextId, rootId), "body-rewriter");
