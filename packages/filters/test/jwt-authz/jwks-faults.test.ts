// A key server that misbehaves, on both backends: down, slow beyond the
// fetch timeout, or answering garbage, at start or after a good fetch; and an
// issuer that rotates its keys before our refresh. jwt-authz must behave as
// Envoy's jwt_authn: the last good keys stay usable, a token that cannot be
// verified gets 401 promptly (never a hang), an unknown "kid" refetches at
// most once per interval, and nothing traps.
//
// The emulator runs in virtual time (a slow key server answers after virtual
// milliseconds, the fetch timeout fires first); Envoy runs a Node key server
// on loopback in real time. The same steps and expectations run on both.
import { createPublicKey } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envoyBackend, realEnvoySkipped, type ScenarioTarget } from "@envoyscript/testkit";
import { FAR_FUTURE, generateTestKeys, jwksOf, signToken } from "./support/tokens.ts";
import { ISSUER, bearer, setupWith } from "./support/setup.ts";
import { emulateFilter } from "./support/emulator.ts";

const keys = generateTestKeys();
const JWKS_PATH = "/.well-known/jwks.json";
/** Fetch timeout of the configurations below; a slow key server answers well after it. */
const TIMEOUT_MS = 500;
const SLOW_REPLY_MS = 4000;
/** The filter's rate limit on refetches for an unknown kid (KID_MISS_REFETCH_INTERVAL_MS). */
const KID_REFETCH_INTERVAL_MS = 10_000;
const ROTATED_KID = "rsa-2";

type Fault = "none" | "down" | "slow" | "garbage";

const claims = (jti: string) => ({ iss: ISSUER, sub: "alice", exp: FAR_FUTURE, jti });
const tokenOfCurrentKey = (jti: string) => signToken(keys, "RS256", claims(jti));
/** Signed by the key the issuer rotates to (published only after `rotate()`). */
const tokenOfRotatedKey = (jti: string) => signToken(keys, "RS256", claims(jti), { key: keys.stranger, header: { kid: ROTATED_KID } });
const tokenOfUnknownKid = (jti: string) => signToken(keys, "RS256", claims(jti), { key: keys.stranger, header: { kid: `forged-${jti}` } });

/** The issuer's key server, told which fault to show. */
class KeyServer {
  fault: Fault = "none";
  fetches = 0;
  private rotated = false;

  rotate(): void {
    this.rotated = true;
  }

  /** The answer, and how long after the request it comes. */
  answer(): { status: number; body: string; delayMs: number } {
    this.fetches++;
    if (this.fault === "down") return { status: 503, body: "down", delayMs: 0 };
    if (this.fault === "garbage") return { status: 200, body: "<html>502 Bad Gateway</html>", delayMs: 0 };
    const document = jwksOf(keys);
    if (this.rotated) document.keys.push({ ...createPublicKey(keys.stranger).export({ format: "jwk" }), kid: ROTATED_KID, use: "sig" });
    return { status: 200, body: JSON.stringify(document), delayMs: this.fault === "slow" ? SLOW_REPLY_MS : 0 };
  }
}

interface Answer {
  status: number;
  body: string;
  /** Time the client waited, virtual in the emulator. */
  elapsedMs: number;
}

/** One backend running jwt-authz in front of a KeyServer. */
interface FaultDriver {
  request(token?: string): Promise<Answer>;
  /** Lets time pass until the filter counted `atLeast` failed fetches; false if it never did. */
  untilFetchFailures(atLeast: number): Promise<boolean>;
  /** Lets `ms` pass (virtual time in the emulator). */
  pass(ms: number): Promise<void>;
  readonly virtualTime: boolean;
  stop(): Promise<void>;
}

function configuration(cacheSeconds: number): object {
  return {
    jwtRules: [{ issuer: ISSUER, jwksUri: `http://keys.example.com${JWKS_PATH}`, jwksCluster: "key-server", jwksCacheSeconds: cacheSeconds, jwksTimeoutMs: TIMEOUT_MS }],
  };
}

async function emulatorDriver(server: KeyServer, cacheSeconds: number): Promise<FaultDriver> {
  const filter = await emulateFilter(configuration(cacheSeconds), {
    "key-server": () => {
      const { status, body, delayMs } = server.answer();
      return { status, body, delayMs, headers: { "content-type": "application/json" } };
    },
  });
  const pass = async (ms: number) => {
    filter.host.clock.advance(ms);
    await filter.host.dispatcher.settled();
  };
  return {
    virtualTime: true,
    request: async (token) => {
      const started = filter.host.clock.elapsedMs();
      const response = await filter.request({ headers: token === undefined ? {} : bearer(token) });
      expect(response.trapped).toBe(false);
      return { status: response.status, body: Buffer.from(response.body).toString("utf8"), elapsedMs: filter.host.clock.elapsedMs() - started };
    },
    untilFetchFailures: async (atLeast) => {
      for (let step = 0; step < 40 && filter.metric("jwt_authz.jwks_fetch_failure") < atLeast; step++) await pass(250);
      return filter.metric("jwt_authz.jwks_fetch_failure") >= atLeast;
    },
    pass,
    stop: async () => undefined,
  };
}

async function envoyDriver(server: KeyServer, cacheSeconds: number): Promise<FaultDriver> {
  const target: ScenarioTarget = await envoyBackend.start(
    setupWith(configuration(cacheSeconds), {
      calloutClusters: {
        "key-server": async () => {
          const { status, body, delayMs } = server.answer();
          if (delayMs > 0) await sleep(delayMs);
          return { status, body, headers: { "content-type": "application/json" } };
        },
      },
    }),
  );
  return {
    virtualTime: false,
    request: async (token) => {
      const started = performance.now();
      const response = await target.request({ headers: token === undefined ? {} : bearer(token) });
      return { status: response.status, body: response.body, elapsedMs: performance.now() - started };
    },
    untilFetchFailures: async (atLeast) => {
      // Bounded polling of Envoy's stats while its timer refreshes the keys.
      for (let attempt = 0; attempt < 100; attempt++) {
        if (((await target.metrics()).get("jwt_authz.jwks_fetch_failure") ?? 0) >= atLeast) return true;
        await sleep(100);
      }
      return false;
    },
    pass: (ms) => sleep(ms),
    stop: () => target.stop(),
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const drivers: Array<[string, (server: KeyServer, cacheSeconds: number) => Promise<FaultDriver>]> = [
  ["emulator", emulatorDriver],
  ...(realEnvoySkipped() ? [] : [["envoy", envoyDriver] as [string, typeof envoyDriver]]),
];

describe.each(drivers)("jwt-authz JWKS faults on %s", (_name, start) => {
  /** Starts the filter in front of `server` for the enclosing describe, stops it after. */
  function drive(server: KeyServer, cacheSeconds: number): () => FaultDriver {
    let started: FaultDriver | undefined;
    beforeAll(async () => {
      started = await start(server, cacheSeconds);
    });
    afterAll(async () => started?.stop());
    return () => started!;
  }

  describe.each(["down", "slow", "garbage"] as const)("key server %s from the start", (fault) => {
    const server = new KeyServer();
    server.fault = fault;
    const driver = drive(server, 300);

    it("answers 401 without waiting past the fetch timeout, lets anonymous requests through, and recovers", async () => {
      const first = await driver().request(tokenOfCurrentKey("first"));
      expect(first.status).toBe(401);
      expect(first.body).toBe("Jwks remote fetch is failed");
      // Never left hanging: at most the fetch timeout, never as long as the slow key server takes.
      expect(first.elapsedMs).toBeLessThan(SLOW_REPLY_MS - 1000);
      if (driver().virtualTime) expect(first.elapsedMs).toBeLessThanOrEqual(TIMEOUT_MS);
      expect((await driver().request()).status).toBe(200);

      // Requests while the key server fails do not each start a fetch: a failed fetch is retried by the timer.
      const fetchesBefore = server.fetches;
      const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => driver().request(tokenOfCurrentKey(`burst-${i}`))));
      expect(burst.map((answer) => answer.status)).toEqual(Array(20).fill(401));
      expect(server.fetches - fetchesBefore).toBeLessThanOrEqual(3);

      server.fault = "none";
      let recovered = 0;
      for (let attempt = 0; attempt < 40 && recovered !== 200; attempt++) {
        await driver().pass(250);
        recovered = (await driver().request(tokenOfCurrentKey(`after-${attempt}`))).status;
      }
      expect(recovered).toBe(200);
    });
  });

  describe.each(["down", "slow", "garbage"] as const)("key server %s after a good fetch", (fault) => {
    const server = new KeyServer();
    // Refreshed after 80% of 1 s: the fault shows at the first refresh.
    const driver = drive(server, 1);

    it("keeps verifying with the last good keys, without waiting for the key server", async () => {
      expect((await driver().request(tokenOfCurrentKey("before"))).status).toBe(200);
      server.fault = fault;
      expect(await driver().untilFetchFailures(1)).toBe(true);
      for (const jti of ["during-1", "during-2"]) {
        const answer = await driver().request(tokenOfCurrentKey(jti));
        expect(answer.status).toBe(200);
        expect(answer.elapsedMs).toBeLessThan(SLOW_REPLY_MS - 1000);
      }
      const forged = await driver().request(signToken(keys, "RS256", claims("forged"), { key: keys.stranger }));
      expect(forged.status).toBe(401);
      expect(forged.body).toBe("Jwt verification fails");
      // Failures keep being retried, and the keys keep working through several of them.
      expect(await driver().untilFetchFailures(2)).toBe(true);
      expect((await driver().request(tokenOfCurrentKey("still"))).status).toBe(200);
    });
  });

  describe("keys rotated before the cache refreshes", () => {
    const server = new KeyServer();
    const driver = drive(server, 300);

    it("refetches once for a token with an unknown kid, and rate-limits further refetches", async () => {
      expect((await driver().request(tokenOfCurrentKey("old-key"))).status).toBe(200);
      const afterFirstFetch = server.fetches;

      // The issuer publishes its new key; a token signed by it arrives long before the 240 s refresh.
      server.rotate();
      const rotated = await driver().request(tokenOfRotatedKey("new-key"));
      expect(rotated.status).toBe(200);
      expect(server.fetches).toBe(afterFirstFetch + 1);
      expect((await driver().request(tokenOfCurrentKey("old-key-still"))).status).toBe(200);

      // Forged kids cannot make the filter hammer the key server: no refetch within the interval.
      const forged = await Promise.all(Array.from({ length: 10 }, (_, i) => driver().request(tokenOfUnknownKid(String(i)))));
      expect(forged.map((answer) => answer.status)).toEqual(Array(10).fill(401));
      expect(forged[0].body).toBe("Jwks doesn't have key to match kid or alg from Jwt");
      expect(server.fetches).toBe(afterFirstFetch + 1);

      // Once the interval has passed, an unknown kid may refetch again (virtual time only: 10 s of real time is not worth it).
      if (!driver().virtualTime) return;
      await driver().pass(KID_REFETCH_INTERVAL_MS);
      expect((await driver().request(tokenOfUnknownKid("later"))).status).toBe(401);
      expect(server.fetches).toBe(afterFirstFetch + 2);
    });
  });

  describe("unknown kid while the key server is slow", () => {
    const server = new KeyServer();
    const driver = drive(server, 300);

    it("answers 401 once the refetch times out, and the old keys still verify", async () => {
      expect((await driver().request(tokenOfCurrentKey("old-key"))).status).toBe(200);
      server.fault = "slow";
      server.rotate();
      const waited = await driver().request(tokenOfRotatedKey("new-key"));
      expect(waited.status).toBe(401);
      expect(waited.body).toBe("Jwks doesn't have key to match kid or alg from Jwt");
      expect(waited.elapsedMs).toBeLessThan(SLOW_REPLY_MS - 1000);
      if (driver().virtualTime) expect(waited.elapsedMs).toBeLessThanOrEqual(TIMEOUT_MS);
      expect((await driver().request(tokenOfCurrentKey("old-key-again"))).status).toBe(200);
    });
  });
});
