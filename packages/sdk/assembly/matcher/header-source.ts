// Where a RequestView reads request headers from. The view asks once per
// request (lazily, on the first condition that needs a header). Filters use
// HostRequestHeaders (host-request-headers.ts); tests and callers that
// already hold the headers use PairsHeaderSource.

import { HeaderPair } from "../header-pairs";

/** A request's headers, pseudo-headers (`:path`, `:method`, ...) included. */
export abstract class HeaderSource {
  /** Every header in order, repeated names included. Called at most once per RequestView. */
  abstract pairs(): HeaderPair[];
}

/** Headers the caller already holds. */
export class PairsHeaderSource extends HeaderSource {
  constructor(private readonly headerPairs: HeaderPair[]) {
    super();
  }

  pairs(): HeaderPair[] {
    return this.headerPairs;
  }
}
