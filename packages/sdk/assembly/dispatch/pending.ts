// Callouts waiting for the host's answer. Envoy delivers every callout
// answer to the root context, whichever context made the call; the SDK
// remembers the caller and makes it the effective context again before the
// handler runs, so `continueRequest()` or `sendLocalResponse()` act on it.

import { activeContextId, enterContext, isContextAlive } from "./registry";
import { setEffectiveContext } from "../lifecycle";
import { log } from "../logging";
import { LogLevel } from "../enums";

/** A callout in flight: who made it, and the handler object to call. */
export class Pending<T> {
  constructor(public originContextId: u32, public handler: T) {}
}

/** Callouts of one kind (HTTP, gRPC), keyed by the host's token. */
export class PendingCallouts<T> {
  private readonly byToken: Map<u32, Pending<T>> = new Map<u32, Pending<T>>();

  /** Remembers `handler` for `token`, originating from the running callback's context. */
  add(token: u32, handler: T): void {
    this.byToken.set(token, new Pending<T>(activeContextId(), handler));
  }

  /** The pending entry for `token`, or null. */
  find(token: u32): Pending<T> | null {
    return this.byToken.has(token) ? this.byToken.get(token) : null;
  }

  /** Forgets `token` (the callout finished). */
  remove(token: u32): void {
    this.byToken.delete(token);
  }

  /** Number of callouts in flight. */
  get size(): i32 {
    return this.byToken.size;
  }
}

/**
 * Makes the callout's origin the effective context. Returns false when the
 * origin is gone (its stream ended before the answer came), so the handler
 * must not run against a dead stream.
 */
export function restoreOrigin(originContextId: u32, rootContextId: u32, kind: string): bool {
  if (originContextId == 0 || originContextId == rootContextId) return true;
  if (!isContextAlive(originContextId) || !setEffectiveContext(originContextId)) {
    if (log.enabled(LogLevel.Debug)) {
      log.debug("envoyscript: dropping " + kind + " answer for context " + originContextId.toString() + ", which already ended");
    }
    return false;
  }
  // Callouts started from the handler belong to the same origin.
  enterContext(originContextId);
  return true;
}
