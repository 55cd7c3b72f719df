// One request: drop a client's own identity header, let public requests
// through, then check the key. Everything costly (hashing the configured
// keys, compiling the public match) was done at configure time; per request
// the filter hashes the presented key once and compares hashes in constant
// time.

import { FilterHeadersStatus, FilterRequest, HeaderPair, log, requestHeaders, sendTextResponse } from "@envoyscript/sdk/assembly";
import { hostRequestView } from "@envoyscript/sdk/assembly/matcher";
import { HeaderAuthConfig } from "./config/config";

export class HeaderAuthRequest extends FilterRequest<HeaderAuthConfig> {
  onRequestHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    const config = this.config;
    // Only this filter may name the user: a client's copy never reaches the upstream.
    if (requestHeaders.has(config.userHeader)) requestHeaders.remove(config.userHeader);
    const publicRequests = config.publicRequests;
    if (publicRequests !== null && publicRequests.matches(hostRequestView())) {
      config.metrics.publicRequests.increment();
      return FilterHeadersStatus.Continue;
    }
    const key = requestHeaders.get(config.keyHeader);
    if (key === null || key.length == 0) {
      config.metrics.missing.increment();
      sendTextResponse(401, "missing API key\n", [new HeaderPair("www-authenticate", "ApiKey header=\"" + config.keyHeader + "\"")], "header_auth_missing");
      return FilterHeadersStatus.StopIteration;
    }
    const user = config.keys.userOf(key);
    if (user === null) {
      config.metrics.denied.increment();
      log.info("header-auth: unknown API key");
      sendTextResponse(403, "unknown API key\n", [], "header_auth_denied");
      return FilterHeadersStatus.StopIteration;
    }
    config.metrics.allowed.increment();
    // The key is a secret between the client and this proxy: the upstream gets the user instead.
    requestHeaders.remove(config.keyHeader);
    requestHeaders.replace(config.userHeader, user);
    return FilterHeadersStatus.Continue;
  }
}
