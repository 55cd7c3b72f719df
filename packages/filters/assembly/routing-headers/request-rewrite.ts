// Istio's HTTPRewrite and HTTPRedirect on the request's own parts:
// - a uri rewrite replaces the prefix the rule matched on (when the matching
//   alternative matched `uri` by prefix), otherwise the whole path; the query
//   string is kept;
// - a redirect builds `scheme://authority/path?query` from the configured
//   parts and the request's own for the rest.

import { MatchAlternative, RequestPart, RequestView, StringMatchKind } from "@envoyscript/sdk/assembly/matcher";
import { Redirect } from "./config/config";

/** The new `:path` for a uri rewrite to `replacement`. */
export function rewrittenPath(view: RequestView, alternative: MatchAlternative | null, replacement: string): string {
  const path = view.path();
  const current = path === null ? "/" : path;
  const matchedPrefix = prefixMatched(alternative);
  let rewritten = replacement;
  if (matchedPrefix >= 0 && matchedPrefix <= current.length) {
    rewritten = joinPrefix(replacement, current.substring(matchedPrefix));
  }
  const query = view.query();
  return query === null ? rewritten : rewritten + "?" + query;
}

/** The Location of a redirect. */
export function redirectLocation(view: RequestView, redirect: Redirect): string {
  const configuredScheme = redirect.scheme;
  const requestScheme = view.scheme();
  const scheme = configuredScheme !== null ? configuredScheme : requestScheme !== null ? requestScheme : "http";
  const configuredAuthority = redirect.authority;
  const requestAuthority = view.authority();
  const authority = configuredAuthority !== null ? configuredAuthority : requestAuthority !== null ? requestAuthority : "";
  const uri = redirect.uri;
  let pathAndQuery: string;
  if (uri === null) {
    const raw = view.rawPath();
    pathAndQuery = raw === null ? "/" : raw;
  } else if (uri.includes("?")) {
    // A query in the configured uri replaces the request's (as Envoy's path_redirect).
    pathAndQuery = uri;
  } else {
    const query = view.query();
    pathAndQuery = query === null ? uri : uri + "?" + query;
  }
  return scheme + "://" + authority + pathAndQuery;
}

/** Length of the uri prefix the alternative matched on, or -1 when it did not match by prefix. */
function prefixMatched(alternative: MatchAlternative | null): i32 {
  if (alternative === null) return -1;
  const conditions = alternative.conditions;
  for (let i = 0; i < conditions.length; i++) {
    const condition = unchecked(conditions[i]);
    if (condition.part == RequestPart.Path && condition.match.kind == StringMatchKind.Prefix) return condition.match.text.length;
  }
  return -1;
}

/** `replacement` + `rest` without doubling or losing the slash between them. */
function joinPrefix(replacement: string, rest: string): string {
  if (rest.length == 0) return replacement;
  const replacementSlash = replacement.endsWith("/");
  const restSlash = rest.startsWith("/");
  if (replacementSlash && restSlash) return replacement + rest.substring(1);
  return replacement + rest;
}
