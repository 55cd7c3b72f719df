import { setTimeout as delay } from "node:timers/promises";

/**
 * Bounded retries with exponential backoff for what a registry may fix by
 * itself: a reset connection, a 5xx, a 429. Everything else fails at once.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. @default 4 */
  readonly attempts: number;
  /** Wait before the first retry; doubles each time. @default 250 */
  readonly baseDelayMs: number;
  /** No single wait is longer, whatever `Retry-After` asks. @default 5000 */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 4, baseDelayMs: 250, maxDelayMs: 5000 };

/** A failure worth another try; `retryAfterMs` carries a registry's `Retry-After`. */
export class TransientError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "TransientError";
  }
}

export interface RetryHooks {
  /** Told before each wait, e.g. to print a progress line. */
  readonly onRetry?: (error: TransientError, attempt: number, waitMs: number) => void;
  /** Waits; tests pass one that does not. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Runs `operation` until it succeeds, fails for good, or the attempts run out (the last error is thrown). */
export async function withRetry<T>(operation: () => Promise<T>, policy: RetryPolicy, hooks: RetryHooks = {}): Promise<T> {
  const sleep = hooks.sleep ?? ((ms: number) => delay(ms));
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!(error instanceof TransientError) || attempt >= policy.attempts) throw error;
      const backoff = policy.baseDelayMs * 2 ** (attempt - 1);
      const waitMs = Math.min(policy.maxDelayMs, Math.max(backoff, error.retryAfterMs ?? 0));
      hooks.onRetry?.(error, attempt, waitMs);
      await sleep(waitMs);
    }
  }
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds from now. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const TRANSIENT_NETWORK_CODES = new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT", "EAI_AGAIN"]);

/** Whether a `fetch` failure (its `cause` chain) is a network hiccup rather than a wrong address or TLS setup. */
export function isTransientNetworkError(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && TRANSIENT_NETWORK_CODES.has(code)) return true;
    if (current.message === "other side closed") return true;
  }
  return false;
}

/** Whether an HTTP status says "try again later". */
export function isTransientStatus(status: number): boolean {
  return status === 429 || status >= 500;
}
