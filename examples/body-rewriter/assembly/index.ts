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
  ConfigErrorCode,
  FilterDataStatus,
  FilterHeadersStatus,
  FilterRequest,
  FilterRoot,
  HeaderMap,
  HttpContext,
  JsonField,
  RootContext,
  getBufferString,
  log,
  registerRootContext,
  replaceBufferString,
  requestHeaders,
  responseHeaders,
} from "@envoyscript/sdk/assembly";

class Replacement {
  constructor(public readonly from: string, public readonly to: string) {}
}

class RewriterConfig {
  constructor(
    public readonly replacements: Replacement[],
    public readonly maxBodyBytes: u32,
    public readonly rewriteRequestJson: bool,
  ) {}
}

class RewriterRoot extends FilterRoot<RewriterConfig> {
  readConfig(root: JsonField): RewriterConfig {
    root.checkFields(["replacements", "maxBodyBytes", "rewriteRequestJson"]);
    return new RewriterConfig(
      readReplacements(root.field("replacements")),
      <u32>root.field("maxBodyBytes").asInteger(65536, 1, 16 << 20),
      root.field("rewriteRequestJson").asBool(false),
    );
  }

  newRequest(contextId: u32, config: RewriterConfig): HttpContext {
    return new RewrittenExchange(contextId, this, config);
  }
}

function readReplacements(list: JsonField): Replacement[] {
  const items = list.items();
  if (items.length == 0) list.refuse(ConfigErrorCode.EMPTY, "expected at least one {\"from\", \"to\"} replacement");
  const replacements = new Array<Replacement>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    item.checkFields(["from", "to"]);
    replacements.push(new Replacement(item.field("from").asNonEmptyString("", true), item.field("to").asString("", true)));
  }
  return replacements;
}

class RewrittenExchange extends FilterRequest<RewriterConfig> {
  rewritingRequest: bool = false;
  rewritingResponse: bool = false;

  onRequestHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    const config = this.config;
    this.rewritingRequest = config.rewriteRequestJson && !endOfStream && isJson(requestHeaders.get("content-type")) && fitsLimit(requestHeaders, config);
    if (this.rewritingRequest) requestHeaders.remove("content-length");
    return FilterHeadersStatus.Continue;
  }

  onRequestBody(bodySize: u32, endOfStream: bool): FilterDataStatus {
    if (!this.rewritingRequest) return FilterDataStatus.Continue;
    const status = rewriteWhenComplete(BufferType.HttpRequestBody, bodySize, endOfStream, this.config);
    // Once the body moves on (rewritten or too large) later chunks pass as they are.
    if (status == FilterDataStatus.Continue) this.rewritingRequest = false;
    return status;
  }

  onResponseHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    this.rewritingResponse = !endOfStream && !responseHeaders.has("content-encoding") && fitsLimit(responseHeaders, this.config);
    if (this.rewritingResponse) responseHeaders.remove("content-length");
    return FilterHeadersStatus.Continue;
  }

  onResponseBody(bodySize: u32, endOfStream: bool): FilterDataStatus {
    if (!this.rewritingResponse) return FilterDataStatus.Continue;
    const status = rewriteWhenComplete(BufferType.HttpResponseBody, bodySize, endOfStream, this.config);
    if (status == FilterDataStatus.Continue) this.rewritingResponse = false;
    return status;
  }
}

/**
 * Buffers the body until its end, then rewrites it. `bodySize` is what Envoy
 * has buffered so far: past the limit, everything buffered is let go untouched.
 */
function rewriteWhenComplete(body: BufferType, bodySize: u32, endOfStream: bool, config: RewriterConfig): FilterDataStatus {
  if (bodySize > config.maxBodyBytes) {
    log.debug("body-rewriter: body larger than " + config.maxBodyBytes.toString() + " bytes, passing it untouched");
    return FilterDataStatus.Continue;
  }
  if (!endOfStream) return FilterDataStatus.StopIterationAndBuffer;
  const text = getBufferString(body, 0, bodySize);
  if (text === null) return FilterDataStatus.Continue;
  const rewritten = applyReplacements(text, config.replacements);
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
function fitsLimit(headers: HeaderMap, config: RewriterConfig): bool {
  const contentLength = headers.get("content-length");
  return contentLength === null || I64.parseInt(contentLength) <= <i64>config.maxBodyBytes;
}

/** `application/json`, or a `+json` type such as `application/problem+json`, whatever its parameters. */
function isJson(contentType: string | null): bool {
  if (contentType === null) return false;
  const semicolon = contentType.indexOf(";");
  const mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase();
  return mediaType == "application/json" || mediaType.endsWith("+json");
}

registerRootContext((contextId: u32, rootId: string): RootContext => new RewriterRoot(contextId, rootId, "body-rewriter"), "body-rewriter");
