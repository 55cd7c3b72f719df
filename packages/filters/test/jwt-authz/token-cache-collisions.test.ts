// The token cache keyed by a cheap hash: a hit needs the exact token, so
// tokens whose hashes collide are never taken for one another. The cache is
// compiled alone with its hash replaceable, here by one that makes every
// token collide.
import { beforeAll, describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { loadAscModule } from "./support/asc-module.ts";

interface CacheHarness {
  resetCache(capacity: number, colliding: boolean): void;
  remember(token: string, subject: string, validUntil: number): void;
  lookup(token: string, nowSeconds: number): string | null;
  cacheSize(): number;
  tokenHash(token: string): bigint;
}

const NOW = 1_700_000_000;
const LATER = NOW + 3600;
let harness: CacheHarness;
beforeAll(async () => {
  harness = await loadAscModule<CacheHarness>(fileURLToPath(new URL("./assembly/token-cache-harness.ts", import.meta.url)), "-O0");
});

/** 64-bit FNV-1a over bytes, written here from its definition to check the filter's. */
function fnv1a64(text: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return hash;
}

describe("token cache with colliding hashes", () => {
  it("misses a different token that lands in a cached token's slot", () => {
    harness.resetCache(8, true);
    harness.remember("header.alice.signature", "alice", LATER);
    expect(harness.lookup("header.alice.signature", NOW)).toBe("alice");
    expect(harness.lookup("header.mallory.signature", NOW)).toBeNull();
    // A prefix, an extension and a one-character change are other tokens too.
    expect(harness.lookup("header.alice.signatur", NOW)).toBeNull();
    expect(harness.lookup("header.alice.signatureX", NOW)).toBeNull();
    expect(harness.lookup("header.alice.signaturf", NOW)).toBeNull();
  });

  it("gives the slot to the colliding token verified last, and answers it for that token only", () => {
    harness.resetCache(8, true);
    harness.remember("token-a", "alice", LATER);
    harness.remember("token-b", "bob", LATER);
    expect(harness.cacheSize()).toBe(1);
    expect(harness.lookup("token-b", NOW)).toBe("bob");
    expect(harness.lookup("token-a", NOW)).toBeNull();
  });

  it("keeps distinct tokens apart with the real hash", () => {
    harness.resetCache(8, false);
    harness.remember("token-a", "alice", LATER);
    harness.remember("token-b", "bob", LATER);
    expect(harness.cacheSize()).toBe(2);
    expect(harness.lookup("token-a", NOW)).toBe("alice");
    expect(harness.lookup("token-b", NOW)).toBe("bob");
    expect(harness.lookup("token-c", NOW)).toBeNull();
  });

  it("drops an expired entry on lookup", () => {
    harness.resetCache(8, false);
    harness.remember("token-a", "alice", NOW + 1);
    expect(harness.lookup("token-a", NOW + 2)).toBeNull();
    expect(harness.cacheSize()).toBe(0);
  });
});

describe("token hash", () => {
  it.each(["", "a", "foobar", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl"])("is 64-bit FNV-1a of %j", (token) => {
    expect(harness.tokenHash(token)).toBe(fnv1a64(token));
  });
});
