// One request through the filter: find the first rule whose match holds,
// then apply its actions. Request-side edits happen in onRequestHeaders
// (Envoy then re-selects the route, since a decoding filter changed the
// request headers); response-side edits are remembered for onResponseHeaders.

import {
  FilterHeadersStatus,
  FilterRequest,
  HeaderPair,
  requestHeaders,
  responseHeaders,
  sendLocalResponse,
} from "@envoyscript/sdk/assembly";
import { MatchAlternative, RequestView, hostRequestView } from "@envoyscript/sdk/assembly/matcher";
import { Destination, HeaderActions, Rule, RoutingConfig } from "./config/config";
import { pickDestination } from "./destination-picker";
import { appendToLocalResponse, applyEdits } from "./header-edits-apply";
import { redirectLocation, rewrittenPath } from "./request-rewrite";

export class RoutingRequest extends FilterRequest<RoutingConfig> {
  /** Response edits to apply: the matched rule's, then its destination's (fields, not a list: no allocation per request). */
  private ruleActions: HeaderActions | null = null;
  private destinationActions: HeaderActions | null = null;
  private answeredLocally: bool = false;

  onRequestHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    const config = this.config;
    const view = hostRequestView();
    const rules = config.rules;
    for (let i = 0; i < rules.length; i++) {
      const rule = unchecked(rules[i]);
      const alternative = rule.match.firstMatching(view);
      if (alternative < 0) continue;
      rule.matched.increment();
      return this.apply(config, rule, rule.match.matchesEverything ? null : rule.match.alternatives[alternative], view);
    }
    config.unmatched.increment();
    removeIncomingDestination(config, view);
    return FilterHeadersStatus.Continue;
  }

  onResponseHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    // A local reply of this filter already carries its edits.
    if (this.answeredLocally) return FilterHeadersStatus.Continue;
    const ruleActions = this.ruleActions;
    if (ruleActions !== null) applyEdits(ruleActions.response, responseHeaders);
    const destinationActions = this.destinationActions;
    if (destinationActions !== null) applyEdits(destinationActions.response, responseHeaders);
    return FilterHeadersStatus.Continue;
  }

  private apply(config: RoutingConfig, rule: Rule, alternative: MatchAlternative | null, view: RequestView): FilterHeadersStatus {
    const direct = rule.directResponse;
    if (direct !== null) {
      this.answerLocally(rule, direct.status, "routing_headers_direct_response", String.UTF8.encode(direct.body), new Array<HeaderPair>());
      return FilterHeadersStatus.StopIteration;
    }
    const redirect = rule.redirect;
    if (redirect !== null) {
      const headers: HeaderPair[] = [new HeaderPair("location", redirectLocation(view, redirect))];
      this.answerLocally(rule, redirect.redirectCode, "routing_headers_redirect", null, headers);
      return FilterHeadersStatus.StopIteration;
    }
    // Compute everything from the request as received before changing it.
    const destination: Destination | null = rule.destinations.length > 0 ? pickDestination(rule, view) : null;
    const rewrite = rule.rewrite;
    let newPath: string | null = null;
    let newAuthority: string | null = null;
    if (rewrite !== null) {
      const prefix = rewrite.uri;
      if (prefix !== null) newPath = rewrittenPath(view, alternative, prefix);
      newAuthority = rewrite.authority;
    }
    // `replace` overwrites whatever the client sent; without a destination, drop the client's.
    if (destination !== null) requestHeaders.replace(config.destinationHeader, destination.value);
    else removeIncomingDestination(config, view);
    applyEdits(rule.headers.request, requestHeaders);
    this.ruleActions = rule.headers;
    if (destination !== null) {
      applyEdits(destination.headers.request, requestHeaders);
      this.destinationActions = destination.headers;
    }
    if (newPath !== null) requestHeaders.replace(":path", newPath);
    if (newAuthority !== null) requestHeaders.replace(":authority", newAuthority);
    return FilterHeadersStatus.Continue;
  }

  private answerLocally(rule: Rule, status: u32, details: string, body: ArrayBuffer | null, headers: HeaderPair[]): void {
    appendToLocalResponse(rule.headers.response, headers);
    this.answeredLocally = true;
    sendLocalResponse(status, details, body, headers);
  }
}

/**
 * Removes a destination header the client sent, unless trusted. Only when
 * present: any change to the request headers makes Envoy select the route
 * again, which an untouched request should not pay for.
 */
function removeIncomingDestination(config: RoutingConfig, view: RequestView): void {
  if (config.trustIncomingDestination) return;
  if (view.header(config.destinationHeader) !== null) requestHeaders.remove(config.destinationHeader);
}
