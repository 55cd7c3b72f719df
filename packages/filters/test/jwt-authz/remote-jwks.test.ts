// The JWKS fetched from a key server through an HTTP callout: the first
// requests wait for it, and when the key server fails later the last good
// keys keep verifying tokens.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarioBackends, type ScenarioTarget, type UpstreamReply } from "@envoyscript/testkit";
import { FAR_FUTURE, generateTestKeys, jwksOf, signToken } from "./support/tokens.ts";
import { ISSUER, bearer, setupWith } from "./support/setup.ts";

const keys = generateTestKeys();
const claims = (jti: string) => ({ iss: ISSUER, sub: "alice", exp: FAR_FUTURE, jti });

/** A key server that serves the JWKS until told to fail. */
class KeyServer {
  failing = false;
  requests: string[] = [];
  reply(path: string): UpstreamReply {
    this.requests.push(path);
    if (this.failing) return { status: 503, body: "down" };
    return { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(jwksOf(keys)) };
  }
}

function remoteRule(cacheSeconds: number): object {
  return { issuer: ISSUER, jwksUri: "http://keys.example.com/.well-known/jwks.json", jwksCluster: "key-server", jwksCacheSeconds: cacheSeconds };
}

/** Polls `condition` a bounded number of times (the refresh timer runs on its own clock). */
async function eventually(condition: () => Promise<boolean>, attempts = 100): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

describe.each(scenarioBackends())("jwt-authz remote JWKS on $name", (backend) => {
  describe("key server up, then down", () => {
    const server = new KeyServer();
    let target: ScenarioTarget;
    beforeAll(async () => {
      target = await backend.start(setupWith({ jwtRules: [remoteRule(1)] }, { calloutClusters: { "key-server": (request) => server.reply(request.path) } }));
    });
    afterAll(async () => target?.stop());

    it("verifies the first tokens with the fetched JWKS", async () => {
      const responses = await Promise.all(["a", "b", "c"].map((jti) => target.request({ headers: bearer(signToken(keys, "ES256", claims(jti))) })));
      expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
      expect(server.requests[0]).toBe("/.well-known/jwks.json");
    });

    it("keeps verifying with the last good keys while the key server answers 503", async () => {
      server.failing = true;
      const failedOnce = await eventually(async () => ((await target.metrics()).get("jwt_authz.jwks_fetch_failure") ?? 0) >= 1);
      expect(failedOnce).toBe(true);
      const fresh = await target.request({ headers: bearer(signToken(keys, "RS256", claims("after-outage"))) });
      expect(fresh.status).toBe(200);
      const forged = await target.request({ headers: bearer(signToken(keys, "RS256", claims("forged"), { key: keys.stranger })) });
      expect(forged.status).toBe(401);
    });
  });

  describe("key server down from the start", () => {
    const server = new KeyServer();
    server.failing = true;
    let target: ScenarioTarget;
    beforeAll(async () => {
      target = await backend.start(setupWith({ jwtRules: [remoteRule(300)] }, { calloutClusters: { "key-server": (request) => server.reply(request.path) } }));
    });
    afterAll(async () => target?.stop());

    it("answers 401 to a token it cannot verify, and lets anonymous requests through", async () => {
      const response = await target.request({ headers: bearer(signToken(keys, "ES384", claims("x"))) });
      expect(response.status).toBe(401);
      expect(response.body).toBe("Jwks remote fetch is failed");
      expect((await target.request({})).status).toBe(200);
      expect(server.requests.length).toBeGreaterThanOrEqual(1);
    });
  });
});
