// Verified tokens, bounded in size and evicted least-recently-used: a
// repeated token costs one cheap hash, one map lookup and one exact
// comparison instead of a signature check. The map is keyed by the token's
// non-cryptographic hash (./token-hash.ts); each entry keeps the token it
// verified and is used only when the presented token is exactly that one, so
// two tokens with the same hash are never confused (the later one takes the
// slot). Memory: at most `capacity` tokens (as text and as UTF-8) and their identities. An entry
// whose token has expired is dropped on lookup, so the token is verified
// again (and refused as expired).

import { VerifiedIdentity } from "./identity";
import { TokenHash, tokenHash } from "./token-hash";

/** A cached verification: which provider verified the token, and the identity it proved (the cache's own entry, handed out as it is). */
export class CachedToken {
  newer: CachedToken | null = null;
  older: CachedToken | null = null;
  constructor(
    public readonly key: u64,
    public readonly token: string,
    /** The token's UTF-8 bytes, compared on every lookup. */
    public readonly tokenBytes: ArrayBuffer,
    public readonly providerIndex: i32,
    public readonly identity: VerifiedIdentity,
    /** Seconds since the epoch after which the token is expired (exp + clock skew); Infinity without exp. */
    public readonly validUntil: f64,
  ) {}
}

export class TokenCache {
  private readonly entries: Map<u64, CachedToken> = new Map<u64, CachedToken>();
  /** Most recently used end of the list. */
  private newest: CachedToken | null = null;
  /** Least recently used end: evicted first. */
  private oldest: CachedToken | null = null;

  constructor(public readonly capacity: i32, private readonly hashOf: TokenHash = tokenHash) {}

  get size(): i32 {
    return this.entries.size;
  }

  /** The verification cached for exactly `token`, if unexpired at `nowSeconds`; marks it recently used. */
  find(token: string, nowSeconds: f64): CachedToken | null {
    const bytes = String.UTF8.encode(token);
    return this.findBytes(changetype<usize>(bytes), <usize>bytes.byteLength, nowSeconds);
  }

  /** As `find`, for the token's UTF-8 bytes where they lie (the host's header block): nothing decoded or copied. */
  findBytes(pointer: usize, length: usize, nowSeconds: f64): CachedToken | null {
    const key = this.hashOf(pointer, length);
    if (!this.entries.has(key)) return null;
    const entry = this.entries.get(key);
    // Same hash, other token: a miss (tokens are public, so no constant-time comparison is needed).
    const stored = entry.tokenBytes;
    if (<usize>stored.byteLength != length || !sameBytes(changetype<usize>(stored), pointer, length)) return null;
    if (nowSeconds > entry.validUntil) {
      this.remove(entry);
      return null;
    }
    this.unlink(entry);
    this.pushNewest(entry);
    return entry;
  }

  /**
   * Remembers a verified token, evicting the least recently used entry when
   * full. It replaces an entry of the same hash (the same token verified
   * again, or another token colliding with it).
   */
  add(token: string, providerIndex: i32, identity: VerifiedIdentity, validUntil: f64): void {
    if (this.capacity <= 0) return;
    const bytes = String.UTF8.encode(token);
    const key = this.hashOf(changetype<usize>(bytes), <usize>bytes.byteLength);
    if (this.entries.has(key)) this.remove(this.entries.get(key));
    while (this.entries.size >= this.capacity && this.oldest !== null) this.remove(this.oldest!);
    const entry = new CachedToken(key, token, bytes, providerIndex, identity, validUntil);
    this.entries.set(key, entry);
    this.pushNewest(entry);
  }

  /** Forgets everything (the keys changed: a revoked key must not keep its tokens valid). */
  clear(): void {
    this.entries.clear();
    this.newest = null;
    this.oldest = null;
  }

  private remove(entry: CachedToken): void {
    this.unlink(entry);
    this.entries.delete(entry.key);
  }

  private unlink(entry: CachedToken): void {
    const newer = entry.newer;
    const older = entry.older;
    if (newer !== null) newer.older = older;
    else this.newest = older;
    if (older !== null) older.newer = newer;
    else this.oldest = newer;
    entry.newer = null;
    entry.older = null;
  }

  private pushNewest(entry: CachedToken): void {
    entry.older = this.newest;
    entry.newer = null;
    const previous = this.newest;
    if (previous !== null) previous.newer = entry;
    this.newest = entry;
    if (this.oldest === null) this.oldest = entry;
  }
}

/**
 * Whether `length` bytes at `a` and at `b` are equal, 16 at a time. The
 * standard library's memory.compare steps byte by byte unless both sides
 * share an alignment, and a token in the host's header block lies anywhere;
 * wasm loads need no alignment.
 */
function sameBytes(a: usize, b: usize, length: usize): bool {
  let i: usize = 0;
  for (; i + 16 <= length; i += 16) {
    if (!i8x16.all_true(i8x16.eq(v128.load(a + i), v128.load(b + i)))) return false;
  }
  for (; i < length; i++) {
    if (load<u8>(a + i) != load<u8>(b + i)) return false;
  }
  return true;
}
