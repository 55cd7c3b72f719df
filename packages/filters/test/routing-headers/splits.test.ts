// Weighted splits: a random 90/10 split lands within binomial bounds; a
// sticky split keeps every request of one user on one side, spreads
// different users, and matches the documented hash (FNV-1a + fmix32).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarioBackends, type ScenarioTarget } from "@envoyscript/testkit";
import { tally, twoVersions, upstreamsOf } from "./support/setup.ts";

const REQUESTS = 2000;
const V2_SHARE = 0.1;

const configuration = {
  rules: [
    {
      name: "sticky-by-cookie",
      match: [{ uri: { prefix: "/sticky-cookie" } }],
      route: [{ destination: "v1", weight: 50 }, { destination: "v2", weight: 50 }],
      stickyBy: { cookie: "user" },
    },
    {
      name: "sticky-by-header",
      match: [{ uri: { prefix: "/sticky-header" } }],
      route: [{ destination: "v1", weight: 90 }, { destination: "v2", weight: 10 }],
      stickyBy: { header: "x-user" },
    },
    {
      name: "sticky-by-ip",
      match: [{ uri: { prefix: "/sticky-ip" } }],
      route: [{ destination: "v1", weight: 50 }, { destination: "v2", weight: 50 }],
      stickyBy: { sourceIp: true },
    },
    {
      name: "canary",
      route: [{ destination: "v1", weight: 90 }, { destination: "v2", weight: 10 }],
    },
  ],
};

/** The documented sticky hash, written independently of the filter: fmix32(FNV-1a-32(UTF-8 key)). */
function stickyBucket(key: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(key)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35) >>> 0;
  hash ^= hash >>> 16;
  return (hash >>> 0) % 100;
}

describe.each(scenarioBackends())("routing-headers weighted splits on $name", (backend) => {
  let target: ScenarioTarget;
  beforeAll(async () => {
    target = await backend.start(twoVersions(configuration));
  });
  afterAll(async () => {
    await target?.stop();
  });

  it(`splits ${REQUESTS} requests 90/10 within 4.5 sigma of the binomial mean`, async () => {
    const counts = tally(await upstreamsOf(target, REQUESTS, () => ({ path: "/canary" })));
    const v2 = counts.get("v2") ?? 0;
    expect((counts.get("v1") ?? 0) + v2).toBe(REQUESTS);
    const mean = REQUESTS * V2_SHARE;
    const sigma = Math.sqrt(REQUESTS * V2_SHARE * (1 - V2_SHARE));
    expect(Math.abs(v2 - mean)).toBeLessThan(4.5 * sigma);
  });

  it("keeps every request of one user on the same side, by cookie", async () => {
    const users = Array.from({ length: 40 }, (_, i) => `user-${i}`);
    for (const user of users.slice(0, 8)) {
      const sides = new Set(await upstreamsOf(target, 10, () => ({ path: "/sticky-cookie", headers: { cookie: `theme=dark; user=${user}` } })));
      expect(sides.size).toBe(1);
    }
    const firstSides = await upstreamsOf(target, users.length, (i) => ({ path: "/sticky-cookie", headers: { cookie: `user=${users[i]}` } }));
    const spread = tally(firstSides);
    expect(spread.get("v1") ?? 0).toBeGreaterThan(0);
    expect(spread.get("v2") ?? 0).toBeGreaterThan(0);
    // The side follows from the documented hash: buckets 0-49 are v1, 50-99 v2.
    expect(firstSides).toEqual(users.map((user) => (stickyBucket(user) < 50 ? "v1" : "v2")));
  });

  it("keeps a user on one side by header, with the 90/10 weights", async () => {
    const users = Array.from({ length: 30 }, (_, i) => `header-user-${i}`);
    const rounds = await Promise.all([0, 1, 2].map(() => upstreamsOf(target, users.length, (i) => ({ path: "/sticky-header", headers: { "x-user": users[i] } }))));
    expect(rounds[1]).toEqual(rounds[0]);
    expect(rounds[2]).toEqual(rounds[0]);
    expect(rounds[0]).toEqual(users.map((user) => (stickyBucket(user) < 90 ? "v1" : "v2")));
  });

  it("falls back to a random side when the sticky key is missing", async () => {
    const counts = tally(await upstreamsOf(target, 200, () => ({ path: "/sticky-cookie" })));
    expect(counts.get("v1") ?? 0).toBeGreaterThan(0);
    expect(counts.get("v2") ?? 0).toBeGreaterThan(0);
  });

  it("keeps one client address on one side", async () => {
    const sides = new Set(await upstreamsOf(target, 30, () => ({ path: "/sticky-ip" })));
    expect(sides.size).toBe(1);
    expect([...sides][0]).toBe(stickyBucket("127.0.0.1") < 50 ? "v1" : "v2");
  });
});
