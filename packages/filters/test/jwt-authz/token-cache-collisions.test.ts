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

const MASK = 0xffffffffffffffffn;

/** The cache's hash, written here from its definition (token-hash.ts) to check the filter's. */
function referenceHash(text: string): bigint {
  const mix = (hash: bigint): bigint => {
    const product = (hash * 0xff51afd7ed558ccdn) & MASK;
    return product ^ (product >> 32n);
  };
  const bytes = Buffer.from(text, "utf8");
  let hash = 0x9e3779b97f4a7c15n ^ BigInt(bytes.length);
  let at = 0;
  for (; at + 8 <= bytes.length; at += 8) hash = mix(hash ^ bytes.readBigUInt64LE(at));
  for (; at < bytes.length; at++) hash = mix(hash ^ BigInt(bytes[at]!));
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

  it("misses a colliding token of the same length that differs in any one byte (compared 16 bytes at a time, then the tail)", () => {
    harness.resetCache(8, true);
    const token = "eyJhbGciOiJSUzI1NiJ9.".padEnd(101, "x");
    harness.remember(token, "alice", LATER);
    for (let i = 0; i < token.length; i++) expect(harness.lookup(`${token.slice(0, i)}~${token.slice(i + 1)}`, NOW), `byte ${i}`).toBeNull();
    expect(harness.lookup(token, NOW)).toBe("alice");
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
  // Lengths 0 to 17 cover no word, whole words and every tail of one to seven bytes; "é" is two bytes.
  it.each(["", "a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg", "abcdefgh", "abcdefghi", "abcdefghijklmnopq", "é", "abcdefgé", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl"])("is the definition's hash of %j", (token) => {
    expect(harness.tokenHash(token)).toBe(referenceHash(token));
  });

  it("tells apart tokens that differ in one character at any position, and by length", () => {
    const token = "eyJhbGciOiJSUzI1NiJ9.".padEnd(603, "x");
    const hashes = new Set<bigint>([harness.tokenHash(token), harness.tokenHash(token.slice(0, -1)), harness.tokenHash(`${token}x`)]);
    for (let i = 0; i < token.length; i++) hashes.add(harness.tokenHash(`${token.slice(0, i)}~${token.slice(i + 1)}`));
    expect(hashes.size).toBe(token.length + 3);
  });
});
