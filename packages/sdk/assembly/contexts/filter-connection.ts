// The per-connection context of a network filter with a typed configuration:
// the configuration in effect when the connection was accepted, as `config`.

import { TcpContext } from "./tcp-context";
import { RootContext } from "./root-context";

/** One TCP connection under the configuration `config` (see FilterRoot). */
export class FilterConnection<C> extends TcpContext {
  constructor(contextId: u32, root: RootContext, public readonly config: C) {
    super(contextId, root);
  }
}
