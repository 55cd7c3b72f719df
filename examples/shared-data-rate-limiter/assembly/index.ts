// shared-data-rate-limiter: a token bucket per client key (a request header,
// `x-api-key` by default), kept in shared data so every worker thread of Envoy
// draws from the same bucket. Buckets refill at requestsPerSecond from the
// host's clock, up to burst tokens. A request that finds the bucket empty gets
// 429 with `retry-after`. Updates use compare-and-swap (CAS): a worker that
// lost a race re-reads and tries again, a bounded number of times.
// Configuration: {"requestsPerSecond": 5, "burst": 5, "keyHeader": "x-api-key"}

export * from "@envoyscript/sdk/assembly/proxy";
import {
  Counter,
  FilterHeadersStatus,
  FilterRequest,
  FilterRoot,
  HeaderPair,
  HttpContext,
  JsonField,
  RootContext,
  currentTimeNanoseconds,
  getSharedData,
  log,
  registerRootContext,
  requestHeaders,
  sendTextResponse,
  setSharedData,
} from "@envoyscript/sdk/assembly";

/** How often a request retries after losing a CAS race before it is limited anyway. */
const MAX_CAS_ATTEMPTS = 8;
/** The bucket of requests that do not carry the key header. */
const ANONYMOUS_KEY = "(anonymous)";
const NANOS_PER_SECOND: f64 = 1e9;

class RateLimiterConfig {
  readonly allowedRequests: Counter = new Counter("rate_limiter_allowed");
  readonly limitedRequests: Counter = new Counter("rate_limiter_limited");

  constructor(
    public readonly requestsPerSecond: f64,
    public readonly burst: f64,
    public readonly keyHeader: string,
    /** Prefix of this plugin's bucket keys: plugins with other root ids (other limits) in the same VM keep their own buckets. */
    public readonly keyPrefix: string,
  ) {}
}

class RateLimiterRoot extends FilterRoot<RateLimiterConfig> {
  readConfig(root: JsonField): RateLimiterConfig {
    root.checkFields(["requestsPerSecond", "burst", "keyHeader"]);
    return new RateLimiterConfig(
      root.field("requestsPerSecond").asNumber(5, 0.001, 1e6),
      <f64>root.field("burst").asInteger(5, 1, 1_000_000),
      root.field("keyHeader").asHeaderName("x-api-key"),
      this.rootId + "/",
    );
  }

  onConfigured(config: RateLimiterConfig): void {
    config.allowedRequests.define();
    config.limitedRequests.define();
  }

  newRequest(contextId: u32, config: RateLimiterConfig): HttpContext {
    return new LimitedRequest(contextId, this, config);
  }
}

class LimitedRequest extends FilterRequest<RateLimiterConfig> {
  onRequestHeaders(headerCount: u32, endOfStream: bool): FilterHeadersStatus {
    const config = this.config;
    const key = requestHeaders.get(config.keyHeader);
    const retryAfterSeconds = takeToken(config.keyPrefix + (key === null ? ANONYMOUS_KEY : key), config);
    if (retryAfterSeconds == 0) {
      config.allowedRequests.increment();
      return FilterHeadersStatus.Continue;
    }
    config.limitedRequests.increment();
    log.info("shared-data-rate-limiter: limited, retry after " + retryAfterSeconds.toString() + " s");
    sendTextResponse(429, "rate limit exceeded\n", [new HeaderPair("retry-after", retryAfterSeconds.toString())], "rate_limited");
    return FilterHeadersStatus.StopIteration;
  }
}

/** A token bucket as stored in shared data: 16 bytes, the tokens (f64) and when they were counted (u64 ns). */
class Bucket {
  constructor(public tokens: f64, public countedAtNanos: u64) {}

  /** The stored bucket; a full one if the value is not a bucket. */
  static decode(bytes: ArrayBuffer, burst: f64, nowNanos: u64): Bucket {
    if (bytes.byteLength != 16) return new Bucket(burst, nowNanos);
    const base = changetype<usize>(bytes);
    return new Bucket(load<f64>(base), load<u64>(base, 8));
  }

  encode(): ArrayBuffer {
    const bytes = new ArrayBuffer(16);
    const base = changetype<usize>(bytes);
    store<f64>(base, this.tokens);
    store<u64>(base, this.countedAtNanos, 8);
    return bytes;
  }

  /** Adds the tokens earned since it was last counted, up to the burst. */
  refill(nowNanos: u64, config: RateLimiterConfig): void {
    if (nowNanos > this.countedAtNanos) {
      const earned = (<f64>(nowNanos - this.countedAtNanos) / NANOS_PER_SECOND) * config.requestsPerSecond;
      this.tokens = Math.min(config.burst, this.tokens + earned);
    }
    this.countedAtNanos = nowNanos;
  }
}

/**
 * Takes one token from the bucket stored under `key`. Returns 0 when the
 * request may pass, otherwise the whole seconds until a token is available.
 */
function takeToken(key: string, config: RateLimiterConfig): i32 {
  const now = currentTimeNanoseconds();
  for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
    const stored = getSharedData(key);
    const bucket = stored === null ? new Bucket(config.burst, now) : Bucket.decode(stored.value, config.burst, now);
    bucket.refill(now, config);
    if (bucket.tokens < 1) return <i32>Math.ceil((1 - bucket.tokens) / config.requestsPerSecond);
    bucket.tokens -= 1;
    // CAS 0 writes unconditionally, for a key nobody stored yet. Shared data
    // cannot create a key only if it is absent: the first requests of a new key
    // on two workers at once may each start from a full bucket.
    if (setSharedData(key, bucket.encode(), stored === null ? 0 : stored.cas)) return 0;
  }
  log.warn("shared-data-rate-limiter: lost " + MAX_CAS_ATTEMPTS.toString() + " CAS races in a row, limiting the request");
  return 1;
}

registerRootContext((contextId: u32, rootId: string): RootContext => new RateLimiterRoot(contextId, rootId, "shared-data-rate-limiter"), "shared-data-rate-limiter");
