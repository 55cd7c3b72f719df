// The per-request context of a filter with a typed configuration: the
// configuration in effect when the request started, as `config`.

import { HttpContext } from "./http-context";
import { RootContext } from "./root-context";

/** One HTTP request/response pair under the configuration `config` (see FilterRoot). */
export class FilterRequest<C> extends HttpContext {
  constructor(contextId: u32, root: RootContext, public readonly config: C) {
    super(contextId, root);
  }
}
