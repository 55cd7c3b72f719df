// Identity and control headers cannot be spoofed by a client: every header a
// filter writes or trusts is checked as a client would attack it, on every
// backend (real Envoy included). jwt-authz removes each header it may write
// from every request, whatever the token, as Envoy's jwt_authn does with its
// payload header; routing-headers drops a client's destination header;
// fault-injection ignores fault headers unless told to trust them; telemetry
// takes the source identity from the connection, never from a header.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarioBackends, type ScenarioTarget } from "@envoyscript/testkit";
import { FAR_FUTURE, generateTestKeys, jwksOf, signToken } from "./jwt-authz/support/tokens.ts";
import { ISSUER, bearer, jwtAuthz } from "./jwt-authz/support/setup.ts";
import { DESTINATION_HEADER, twoVersions } from "./routing-headers/support/setup.ts";
import { faultSetup } from "./fault-injection/support/setup.ts";
import { sumSeries, telemetry } from "./telemetry/support.ts";

const keys = generateTestKeys();
const FORGED_PAYLOAD = Buffer.from(JSON.stringify({ iss: ISSUER, sub: "admin", groups: ["admin"] })).toString("base64url");
const SPOOFED = { "x-user": "admin", "x-group": "admins", "x-jwt-payload": FORGED_PAYLOAD };

describe.each(scenarioBackends())("spoofed headers on $name", (backend) => {
  describe("jwt-authz", () => {
    let target: ScenarioTarget;
    beforeAll(async () => {
      const configuration = {
        jwtRules: [{
          issuer: ISSUER,
          jwks: JSON.stringify(jwksOf(keys)),
          outputClaimToHeaders: [{ header: "x-user", claim: "sub" }, { header: "x-group", claim: "group" }],
          outputPayloadToHeader: "x-jwt-payload",
        }],
      };
      target = await backend.start({ filters: [jwtAuthz(configuration)] });
    });
    afterAll(async () => target?.stop());

    it("removes the claim and payload headers from a request without a token (no policy protects the path)", async () => {
      const response = await target.request({ path: "/open", headers: SPOOFED });
      expect(response.status).toBe(200);
      const received = response.upstream!.headers;
      expect(received["x-user"]).toBeUndefined();
      expect(received["x-group"]).toBeUndefined();
      expect(received["x-jwt-payload"]).toBeUndefined();
    });

    it("removes them from a request whose token is at a place no provider reads", async () => {
      const token = signToken(keys, "ES256", { iss: ISSUER, sub: "alice", exp: FAR_FUTURE });
      const response = await target.request({ path: "/open", headers: { ...SPOOFED, "x-token": token } });
      expect(response.status).toBe(200);
      expect(response.upstream!.headers["x-user"]).toBeUndefined();
      expect(response.upstream!.headers["x-jwt-payload"]).toBeUndefined();
    });

    it("gives the upstream only the filter's values with a valid token, and no claim header for a claim the token lacks", async () => {
      const token = signToken(keys, "ES256", { iss: ISSUER, sub: "alice", exp: FAR_FUTURE });
      const response = await target.request({ path: "/open", headers: { ...SPOOFED, ...bearer(token) } });
      expect(response.status).toBe(200);
      const received = response.upstream!.headers;
      expect(received["x-user"]).toBe("alice");
      expect(received["x-jwt-payload"]).toBe(token.split(".")[1]);
      expect(received["x-group"]).toBeUndefined();
    });

    it("never lets a request with a bad token through", async () => {
      const forged = signToken(keys, "RS256", { iss: ISSUER, sub: "admin", exp: FAR_FUTURE }, { key: keys.stranger });
      const response = await target.request({ path: "/open", headers: { ...SPOOFED, ...bearer(forged) } });
      expect(response.status).toBe(401);
      expect(response.upstream).toBeNull();
    });
  });

  describe("routing-headers", () => {
    let target: ScenarioTarget;
    beforeAll(async () => {
      target = await backend.start(twoVersions({ rules: [{ match: [{ uri: { prefix: "/v2" } }], route: [{ destination: "v2" }] }] }));
    });
    afterAll(async () => target?.stop());

    it("drops a client's destination header: the client cannot pick the cluster", async () => {
      const response = await target.request({ path: "/anything", headers: { [DESTINATION_HEADER]: "v2" } });
      expect(response.upstream?.upstream).toBe("v1");
      expect(response.upstream!.headers[DESTINATION_HEADER]).toBeUndefined();
    });

    it("overwrites it when a rule picks the destination", async () => {
      const response = await target.request({ path: "/v2/x", headers: { [DESTINATION_HEADER]: "v1" } });
      expect(response.upstream?.upstream).toBe("v2");
      expect(response.upstream!.headers[DESTINATION_HEADER]).toBe("v2");
    });
  });

  describe("fault-injection", () => {
    let target: ScenarioTarget;
    beforeAll(async () => {
      // Header control is off unless enabled: the rule's own fault never fires here (0%).
      target = await backend.start(faultSetup({ abort: { httpStatus: 503, percentage: 0 } }));
    });
    afterAll(async () => target?.stop());

    it("ignores a client's fault headers unless headerControl is enabled", async () => {
      const response = await target.request({
        path: "/",
        headers: { "x-envoy-fault-abort-request": "503", "x-envoy-fault-abort-request-percentage": "100", "x-envoy-fault-delay-request": "5000" },
      });
      expect(response.status).toBe(200);
      expect(response.upstream).not.toBeNull();
    });
  });

  describe("telemetry", () => {
    let target: ScenarioTarget;
    beforeAll(async () => {
      target = await backend.start({ filters: [telemetry({})] });
    });
    afterAll(async () => target?.stop());

    it("takes source_workload from the connection's peer certificate, not from a header a client sends", async () => {
      const before = sumSeries(await target.metrics(), "envoyscript_requests_total", { source_workload: "unknown" });
      const response = await target.request({
        path: "/",
        headers: { "x-forwarded-client-cert": "By=spiffe://cluster.local/ns/shop/sa/api;URI=spiffe://cluster.local/ns/evil/sa/admin", "x-source-principal": "admin" },
      });
      expect(response.status).toBe(200);
      const after = await target.metrics();
      expect(sumSeries(after, "envoyscript_requests_total", { source_workload: "unknown" }) - before).toBe(1);
      expect([...after.keys()].some((name) => name.includes("evil") || name.includes("admin"))).toBe(false);
    });
  });
});
