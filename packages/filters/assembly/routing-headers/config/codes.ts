// The codes of routing-headers' own rules (documented in
// docs/routing-headers.md, "Errors"). Everything else is refused with the
// SDK's generic codes (E_JSON_*, E_CONFIG_*).

export namespace RoutingErrorCode {
  /** The weights of a rule's destinations do not sum to 100, or one is missing among several. */
  export const WEIGHTS = "E_ROUTE_WEIGHTS";
  /** A rule has no action: no route, headers, rewrite, redirect or directResponse. */
  export const NO_ACTION = "E_ROUTE_NO_ACTION";
  /** Actions that exclude each other: a redirect or direct response with a route or rewrite. */
  export const CONFLICT = "E_ROUTE_CONFLICT";
  /** `stickyBy` that hashes nothing, or that has no destinations to pick among. */
  export const STICKY = "E_ROUTE_STICKY";
}
