// The JWKS fetched from a key server through an HTTP callout: the first
// requests wait for it, and when the key server fails later the last good
// keys keep verifying tokens.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envoyBackend, realEnvoySkipped, scenarioBackends, type ScenarioTarget, type UpstreamReply } from "@envoyscript/testkit";
import { FAR_FUTURE, generateTestKeys, jwksOf, signToken } from "./support/tokens.ts";
import { ISSUER, bearer, setupWith } from "./support/setup.ts";
import { emulateFilter, type EmulatedFilter } from "./support/emulator.ts";

const keys = generateTestKeys();
const claims = (jti: string) => ({ iss: ISSUER, sub: "alice", exp: FAR_FUTURE, jti });
const JWKS_PATH = "/.well-known/jwks.json";

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

function configuration(cacheSeconds: number): object {
  return { jwtRules: [{ issuer: ISSUER, jwksUri: `http://keys.example.com${JWKS_PATH}`, jwksCluster: "key-server", jwksCacheSeconds: cacheSeconds }] };
}

describe.each(scenarioBackends())("jwt-authz remote JWKS on $name", (backend) => {
  describe("first fetch", () => {
    const server = new KeyServer();
    let target: ScenarioTarget;
    beforeAll(async () => {
      target = await backend.start(setupWith(configuration(300), { calloutClusters: { "key-server": (request) => server.reply(request.path) } }));
    });
    afterAll(async () => target?.stop());

    it("verifies the first tokens, which wait together for one fetch", async () => {
      const responses = await Promise.all(["a", "b", "c"].map((jti) => target.request({ headers: bearer(signToken(keys, "ES256", claims(jti))) })));
      expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
      expect(server.requests).toEqual([JWKS_PATH]);
      expect((await target.request({ headers: bearer(signToken(keys, "RS256", claims("d"), { key: keys.stranger })) })).status).toBe(401);
    });
  });

  describe("key server down from the start", () => {
    const server = new KeyServer();
    server.failing = true;
    let target: ScenarioTarget;
    beforeAll(async () => {
      target = await backend.start(setupWith(configuration(300), { calloutClusters: { "key-server": (request) => server.reply(request.path) } }));
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

describe.each(scenarioBackends())("jwt-authz jwksUri without jwksCluster on $name", (backend) => {
  // Istio's name for the cluster of a host and port (outbound|<port>||<host>): what a
  // sidecar has for a mesh service, or for an external key server with a ServiceEntry.
  const cases = [
    { uri: `http://keys.example.com:8080${JWKS_PATH}`, cluster: "outbound|8080||keys.example.com" },
    { uri: `https://accounts.example.com${JWKS_PATH}`, cluster: "outbound|443||accounts.example.com" },
  ];
  describe.each(cases)("$uri", ({ uri, cluster }) => {
    const server = new KeyServer();
    let target: ScenarioTarget;
    beforeAll(async () => {
      const rules = { jwtRules: [{ issuer: ISSUER, jwksUri: uri }] };
      target = await backend.start(setupWith(rules, { calloutClusters: { [cluster]: (request) => server.reply(request.path) } }));
    });
    afterAll(async () => target?.stop());

    it(`fetches the keys through the mesh's cluster, ${cluster}`, async () => {
      expect((await target.request({ headers: bearer(signToken(keys, "ES256", claims("mesh"))) })).status).toBe(200);
      expect(server.requests).toContain(JWKS_PATH);
    });
  });
});

/**
 * The outage needs time to pass (refresh after 80% of 1 s): real time in
 * Envoy, virtual time in the emulator, which the scenario API cannot move;
 * the same steps run on both.
 */
interface OutageDriver {
  request(token: string): Promise<number>;
  /** Lets refreshes run until one has failed; false if none did. */
  untilRefreshFailed(): Promise<boolean>;
}

function outageScenario(name: string, start: (server: KeyServer) => Promise<{ driver: OutageDriver; stop(): Promise<void> }>): void {
  describe(`jwt-authz JWKS outage after the first fetch on ${name}`, () => {
    const server = new KeyServer();
    let driver: OutageDriver;
    let stop: () => Promise<void> = async () => undefined;
    beforeAll(async () => {
      ({ driver, stop } = await start(server));
    });
    afterAll(async () => stop());

    it("keeps verifying with the last good keys while the key server answers 503", async () => {
      expect(await driver.request(signToken(keys, "PS256", claims("before")))).toBe(200);
      server.failing = true;
      expect(await driver.untilRefreshFailed()).toBe(true);
      expect(server.requests.length).toBeGreaterThanOrEqual(2);
      expect(await driver.request(signToken(keys, "RS256", claims("during-outage")))).toBe(200);
      expect(await driver.request(signToken(keys, "ES256", claims("during-outage")))).toBe(200);
      expect(await driver.request(signToken(keys, "RS256", claims("forged"), { key: keys.stranger }))).toBe(401);
    });
  });
}

outageScenario("emulator", async (server) => {
  const filter: EmulatedFilter = await emulateFilter(configuration(1), { "key-server": (request) => server.reply(request.path) });
  return {
    driver: {
      request: async (token) => (await filter.request({ headers: bearer(token) })).status,
      untilRefreshFailed: async () => {
        for (let second = 0; second < 10 && filter.metric("jwt_authz.jwks_fetch_failure") === 0; second++) {
          filter.host.clock.advance(1000);
          await filter.host.dispatcher.settled();
        }
        return filter.metric("jwt_authz.jwks_fetch_failure") > 0;
      },
    },
    stop: async () => undefined,
  };
});

if (!realEnvoySkipped()) {
  outageScenario("envoy", async (server) => {
    const target = await envoyBackend.start(setupWith(configuration(1), { calloutClusters: { "key-server": (request) => server.reply(request.path) } }));
    return {
      driver: {
        request: async (token) => (await target.request({ headers: bearer(token) })).status,
        untilRefreshFailed: async () => {
          // Bounded polling of Envoy's stats while its timer refreshes the keys (about once a second).
          for (let attempt = 0; attempt < 100; attempt++) {
            if (((await target.metrics()).get("jwt_authz.jwks_fetch_failure") ?? 0) > 0) return true;
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
          return false;
        },
      },
      stop: () => target.stop(),
    };
  });
}
