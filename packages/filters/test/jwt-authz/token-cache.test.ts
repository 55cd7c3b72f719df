// The verified-token cache, driven in the emulator whose clock the test
// moves: a cached token still expires, and the cache holds at most
// tokenCacheSize tokens, evicting the least recently used.
import { describe, expect, it } from "vitest";
import { generateTestKeys, jwksOf, signToken } from "./support/tokens.ts";
import { ISSUER, bearer } from "./support/setup.ts";
import { emulateFilter } from "./support/emulator.ts";

const keys = generateTestKeys();
const configuration = (tokenCacheSize: number) => ({ tokenCacheSize, jwtRules: [{ issuer: ISSUER, jwks: JSON.stringify(jwksOf(keys)), clockSkewSeconds: 10 }] });

describe("jwt-authz token cache (emulator, virtual time)", () => {
  it("refuses a cached token once it expired (exp plus clock skew)", async () => {
    const filter = await emulateFilter(configuration(16));
    const nowSeconds = Math.floor(filter.host.clock.now() / 1000);
    const token = signToken(keys, "ES256", { iss: ISSUER, sub: "alice", exp: nowSeconds + 30 });
    expect((await filter.request({ headers: bearer(token) })).status).toBe(200);
    expect((await filter.request({ headers: bearer(token) })).status).toBe(200);
    expect(filter.metric("jwt_authz.token_cache_hit")).toBe(1);
    filter.host.clock.advance(35_000); // past exp, within the skew: still accepted from the cache
    expect((await filter.request({ headers: bearer(token) })).status).toBe(200);
    expect(filter.metric("jwt_authz.token_cache_hit")).toBe(2);
    filter.host.clock.advance(10_000); // past exp + skew
    const expired = await filter.request({ headers: bearer(token) });
    expect(expired.status).toBe(401);
    expect(expired.body).toBe("Jwt is expired");
  });

  it("keeps at most tokenCacheSize tokens, evicting the least recently used", async () => {
    const filter = await emulateFilter(configuration(2));
    const exp = Math.floor(filter.host.clock.now() / 1000) + 3600;
    const [a, b, c] = ["a", "b", "c"].map((jti) => signToken(keys, "RS256", { iss: ISSUER, sub: "alice", exp, jti }));
    const send = async (token: string) => expect((await filter.request({ headers: bearer(token) })).status).toBe(200);
    await send(a); // miss
    await send(b); // miss
    await send(a); // hit: a is now the most recent
    await send(c); // miss: evicts b
    await send(a); // hit
    await send(b); // miss: b was evicted
    expect(filter.metric("jwt_authz.token_cache_hit")).toBe(2);
    expect(filter.metric("jwt_authz.token_cache_miss")).toBe(4);
  });

  it("verifies every time with tokenCacheSize 0", async () => {
    const filter = await emulateFilter(configuration(0));
    const token = signToken(keys, "HS256", { iss: ISSUER, sub: "alice" });
    expect((await filter.request({ headers: bearer(token) })).status).toBe(401); // no HMAC secret configured
    const rsa = signToken(keys, "RS256", { iss: ISSUER, sub: "alice" });
    for (let i = 0; i < 3; i++) expect((await filter.request({ headers: bearer(rsa) })).status).toBe(200);
    expect(filter.metric("jwt_authz.token_cache_hit")).toBe(0);
  });
});
