import { describe, expect, it } from "vitest";
import { isTransientNetworkError, isTransientStatus, parseRetryAfter, TransientError, withRetry } from "../../src/oci/retry.ts";

const policy = { attempts: 4, baseDelayMs: 10, maxDelayMs: 50 };

describe("withRetry", () => {
  it("retries transient errors with doubling waits capped at maxDelayMs, then succeeds", async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        if (++calls < 4) throw new TransientError(`failure ${calls}`);
        return "done";
      },
      policy,
      { sleep: async (ms) => void waits.push(ms) },
    );
    expect(result).toBe("done");
    expect(waits).toEqual([10, 20, 40]);
  });

  it("gives up after the last attempt with the last error", async () => {
    let calls = 0;
    const attempt = withRetry(async () => {
      throw new TransientError(`failure ${++calls}`);
    }, policy, { sleep: async () => {} });
    await expect(attempt).rejects.toThrow("failure 4");
    expect(calls).toBe(4);
  });

  it("does not retry other errors", async () => {
    let calls = 0;
    const attempt = withRetry(async () => {
      calls++;
      throw new Error("permanent");
    }, policy, { sleep: async () => {} });
    await expect(attempt).rejects.toThrow("permanent");
    expect(calls).toBe(1);
  });

  it("honours Retry-After up to maxDelayMs", async () => {
    const waits: number[] = [];
    let calls = 0;
    await withRetry(
      async () => {
        if (++calls === 1) throw new TransientError("slow down", 30);
        if (calls === 2) throw new TransientError("slow down more", 60_000);
      },
      policy,
      { sleep: async (ms) => void waits.push(ms) },
    );
    expect(waits).toEqual([30, 50]);
  });
});

describe("classification", () => {
  it("reads Retry-After as seconds or as a date", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
  });

  it("calls 5xx and 429 transient, other statuses not", () => {
    expect([500, 502, 503, 429].map(isTransientStatus)).toEqual([true, true, true, true]);
    expect([400, 401, 403, 404].map(isTransientStatus)).toEqual([false, false, false, false]);
  });

  it("calls a reset connection transient, a refused one not", () => {
    const reset = new TypeError("fetch failed", { cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }) });
    const refused = new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
    expect(isTransientNetworkError(reset)).toBe(true);
    expect(isTransientNetworkError(refused)).toBe(false);
  });
});
