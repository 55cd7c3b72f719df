// A JWKS fetched with an HTTP callout to a configured cluster: fetched on the
// first tick (or by the first request that needs it, which waits), refreshed
// before its cache time runs out, and kept when the key server fails, so an
// outage of the key server does not become an outage of the service. A token
// whose "kid" no key has may start an early refetch (the issuer rotated its
// keys), at most once per KID_MISS_REFETCH_INTERVAL_MS, so forged kids cannot
// turn the filter into a flood of fetches.

import {
  Counter,
  HeaderPair,
  HttpCallHandler,
  HttpCallResponse,
  RootContext,
  currentTimeMilliseconds,
  httpCallFromRoot,
  log,
  setEffectiveContext,
} from "@envoyscript/sdk/assembly";
import { Jwk, parseJwksText } from "../jwt/jwk-set";
import { ProviderConfig } from "../config/provider-config";

/** Retry delay after a failed fetch. */
const RETRY_AFTER_FAILURE_MS: u64 = 2000;
/** Refresh when this fraction of the cache time has passed. */
const REFRESH_AT_FRACTION: f64 = 0.8;
/** At most one refetch for an unknown "kid" in this time (per provider and VM). */
export const KID_MISS_REFETCH_INTERVAL_MS: u64 = 10000;
/** Largest JWKS body accepted. */
const MAX_JWKS_BYTES: u32 = 1024 * 1024;

/** A paused request waiting for keys. */
export abstract class JwksWaiter {
  abstract get waiterContextId(): u32;
  /** The fetch ended (keys may still be missing: then answer 401). Runs with the waiter's context effective. */
  abstract onJwksSettled(): void;
}

/** Told when a fetch replaced the keys, so cached verifications can be forgotten. */
export abstract class KeysChangedListener {
  abstract onKeysChanged(): void;
}

export class RemoteJwks {
  keys: Jwk[] | null = null;
  private inFlight: bool = false;
  /** The last fetch failed: later failures are not logged again (a dead key server would flood the log). */
  private failing: bool = false;
  private nextFetchMs: u64 = 0;
  /** When the last refetch for an unknown kid started, or -1 (none yet). */
  private lastKidRefetchMs: i64 = -1;
  private lastBody: string = "";
  private waiters: JwksWaiter[] = [];

  constructor(
    private readonly provider: ProviderConfig,
    private readonly root: RootContext,
    private readonly listener: KeysChangedListener,
    private readonly fetched: Counter,
    private readonly failed: Counter,
  ) {}

  /** The issuer whose keys these are, for log lines. */
  get issuer(): string {
    return this.provider.issuer;
  }

  /** Fetches when due (timer callback of the root context). */
  onTick(nowMs: u64): void {
    if (!this.inFlight && nowMs >= this.nextFetchMs) this.fetch(nowMs);
  }

  /**
   * Parks `waiter` until the keys arrive, starting a fetch if none is under
   * way and none failed in the last RETRY_AFTER_FAILURE_MS (the timer retries
   * then). False when no fetch is under way: answer the request now (401),
   * so that requests never pile up behind a dead key server.
   */
  wait(waiter: JwksWaiter, nowMs: u64): bool {
    if (!this.inFlight && nowMs >= this.nextFetchMs) this.fetch(nowMs);
    return this.park(waiter);
  }

  /**
   * A token names a "kid" none of the current keys has: the issuer may have
   * rotated its keys before our refresh. Parks `waiter` on a fetch under way,
   * or starts one unless another refetch for an unknown kid started less
   * than KID_MISS_REFETCH_INTERVAL_MS ago. False when no fetch is under way.
   */
  refetchForUnknownKid(waiter: JwksWaiter, nowMs: u64): bool {
    if (!this.inFlight && (this.lastKidRefetchMs < 0 || nowMs >= <u64>this.lastKidRefetchMs + KID_MISS_REFETCH_INTERVAL_MS)) {
      this.lastKidRefetchMs = <i64>nowMs;
      this.fetch(nowMs);
    }
    return this.park(waiter);
  }

  private park(waiter: JwksWaiter): bool {
    if (!this.inFlight) return false;
    this.waiters.push(waiter);
    return true;
  }

  /** Forgets a waiter whose stream ended before the keys came. */
  forget(waiter: JwksWaiter): void {
    const index = this.waiters.indexOf(waiter);
    if (index >= 0) this.waiters.splice(index, 1);
  }

  private fetch(nowMs: u64): void {
    const uri = this.provider.jwksUri;
    if (uri === null) return;
    const headers: HeaderPair[] = [
      new HeaderPair(":method", "GET"),
      new HeaderPair(":path", uri.path),
      new HeaderPair(":authority", uri.authority),
      new HeaderPair(":scheme", uri.scheme),
      new HeaderPair("accept", "application/json"),
    ];
    // The callout belongs to the root context, even when a request asked for
    // it: a stream's callouts are cancelled when the stream ends, and the
    // other waiting requests would then never be answered.
    const token = httpCallFromRoot(this.root, this.provider.jwksCluster, headers, null, [], <u32>this.provider.jwksTimeoutMs, new JwksResponse(this, nowMs));
    if (token == 0) {
      this.warnOnce("cannot call cluster \"" + this.provider.jwksCluster + "\" for the JWKS of issuer \"" + this.provider.issuer + "\": is the cluster defined?");
      this.settle(false, nowMs);
      return;
    }
    this.inFlight = true;
  }

  /** A callout answered (or failed): keep the new keys if they parse, the old ones otherwise. */
  receive(response: HttpCallResponse, nowMs: u64): void {
    this.inFlight = false;
    const status = response.statusCode();
    if (status != 200 || response.bodySize > MAX_JWKS_BYTES) {
      this.warnOnce("JWKS fetch for issuer \"" + this.provider.issuer + "\" failed with status " + status.toString() + (this.keys === null ? "; no keys yet" : "; keeping the last good keys"));
      this.settle(false, nowMs);
      return;
    }
    const body = response.bodyString();
    const parsed = parseJwksText(body);
    if (!parsed.ok) {
      this.warnOnce("JWKS from cluster \"" + this.provider.jwksCluster + "\" for issuer \"" + this.provider.issuer + "\" refused: " + parsed.error);
      this.settle(false, nowMs);
      return;
    }
    if (this.failing) log.info("jwt-authz: JWKS fetch for issuer \"" + this.provider.issuer + "\" works again");
    this.failing = false;
    const changed = body != this.lastBody;
    this.keys = parsed.keys;
    this.lastBody = body;
    if (changed) this.listener.onKeysChanged();
    this.settle(true, nowMs);
  }

  private warnOnce(message: string): void {
    if (!this.failing) log.warn("jwt-authz: " + message + " (retrying every " + (RETRY_AFTER_FAILURE_MS / 1000).toString() + " s, logged once)");
    this.failing = true;
  }

  private settle(succeeded: bool, nowMs: u64): void {
    if (succeeded) {
      this.fetched.increment();
      this.nextFetchMs = nowMs + <u64>(<f64>this.provider.jwksCacheSeconds * 1000.0 * REFRESH_AT_FRACTION);
    } else {
      this.failed.increment();
      this.nextFetchMs = nowMs + RETRY_AFTER_FAILURE_MS;
    }
    const waiters = this.waiters;
    if (waiters.length == 0) return;
    this.waiters = [];
    // Waiters exist only while a fetch is in flight, so this runs in the
    // fetch's answer, on the root context: each waiter is resumed with its
    // own stream effective, and the root is made effective again after.
    for (let i = 0; i < waiters.length; i++) {
      const waiter = unchecked(waiters[i]);
      if (!setEffectiveContext(waiter.waiterContextId)) continue;
      waiter.onJwksSettled();
    }
    setEffectiveContext(this.root.contextId);
  }
}

class JwksResponse extends HttpCallHandler {
  constructor(private readonly jwks: RemoteJwks, private readonly sentAtMs: u64) {
    super();
  }

  onHttpCallResponse(response: HttpCallResponse): void {
    this.jwks.receive(response, currentMs(this.sentAtMs));
  }
}

function currentMs(fallback: u64): u64 {
  const now = currentTimeMilliseconds();
  return now == 0 ? fallback : now;
}
