// Verified tokens, keyed by the SHA-256 of the token, bounded in size and
// evicted least-recently-used: a repeated token costs one hash and one map
// lookup instead of a signature check. An entry whose token has expired is
// dropped on lookup, so the token is verified again (and refused as expired).

import { base64UrlEncode, sha256 } from "@envoyscript/sdk/assembly/crypto/index";
import { VerifiedIdentity } from "./identity";

class CacheEntry {
  newer: CacheEntry | null = null;
  older: CacheEntry | null = null;
  constructor(
    public readonly key: string,
    public readonly providerIndex: i32,
    public readonly identity: VerifiedIdentity,
    /** Seconds since the epoch after which the token is expired (exp + clock skew); Infinity without exp. */
    public readonly validUntil: f64,
  ) {}
}

/** A cached verification: which provider verified the token, and the identity it proved. */
export class CachedToken {
  constructor(public readonly providerIndex: i32, public readonly identity: VerifiedIdentity) {}
}

export class TokenCache {
  private readonly entries: Map<string, CacheEntry> = new Map<string, CacheEntry>();
  /** Most recently used end of the list. */
  private newest: CacheEntry | null = null;
  /** Least recently used end: evicted first. */
  private oldest: CacheEntry | null = null;

  constructor(public readonly capacity: i32) {}

  get size(): i32 {
    return this.entries.size;
  }

  /** The cache key of `token`. */
  static keyOf(token: string): string {
    return base64UrlEncode(sha256(Uint8Array.wrap(String.UTF8.encode(token))));
  }

  /** The entry for `key` if present and unexpired at `nowSeconds`; marks it recently used. */
  find(key: string, nowSeconds: f64): CachedToken | null {
    if (!this.entries.has(key)) return null;
    const entry = this.entries.get(key);
    if (nowSeconds > entry.validUntil) {
      this.remove(entry);
      return null;
    }
    this.unlink(entry);
    this.pushNewest(entry);
    return new CachedToken(entry.providerIndex, entry.identity);
  }

  /** Remembers a verified token, evicting the least recently used entry when full. */
  add(key: string, providerIndex: i32, identity: VerifiedIdentity, validUntil: f64): void {
    if (this.capacity <= 0) return;
    if (this.entries.has(key)) this.remove(this.entries.get(key));
    while (this.entries.size >= this.capacity && this.oldest !== null) this.remove(this.oldest!);
    const entry = new CacheEntry(key, providerIndex, identity, validUntil);
    this.entries.set(key, entry);
    this.pushNewest(entry);
  }

  /** Forgets everything (the keys changed: a revoked key must not keep its tokens valid). */
  clear(): void {
    this.entries.clear();
    this.newest = null;
    this.oldest = null;
  }

  private remove(entry: CacheEntry): void {
    this.unlink(entry);
    this.entries.delete(entry.key);
  }

  private unlink(entry: CacheEntry): void {
    const newer = entry.newer;
    const older = entry.older;
    if (newer !== null) newer.older = older;
    else this.newest = older;
    if (older !== null) older.newer = newer;
    else this.oldest = newer;
    entry.newer = null;
    entry.older = null;
  }

  private pushNewest(entry: CacheEntry): void {
    entry.older = this.newest;
    entry.newer = null;
    const previous = this.newest;
    if (previous !== null) previous.newer = entry;
    this.newest = entry;
    if (this.oldest === null) this.oldest = entry;
  }
}
