// The AuthorizationPolicy examples of Istio's documentation (JWT
// authorization, requiring a JWT, explicit deny, deny over allow, IP blocks,
// allow-nothing, audit) behave as documented.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarioBackends, type ScenarioRequest, type ScenarioTarget } from "@envoyscript/testkit";
import { FAR_FUTURE, generateTestKeys, jwksOf, signToken } from "./support/tokens.ts";
import { bearer, setupWith } from "./support/setup.ts";

const keys = generateTestKeys();
// Istio's sample token: issuer and subject "testing@secure.istio.io", groups claim.
const ISTIO_ISSUER = "testing@secure.istio.io";
const jwtRules = [{ issuer: ISTIO_ISSUER, jwks: JSON.stringify(jwksOf(keys)) }];
const token = signToken(keys, "RS256", { iss: ISTIO_ISSUER, sub: ISTIO_ISSUER, exp: FAR_FUTURE, groups: ["group1", "group2"], scope: "read", nested: { role: "admin" } });
const nestedToken = signToken(keys, "ES384", { iss: ISTIO_ISSUER, sub: "bob", exp: FAR_FUTURE, nested: { role: "admin" } });
const otherToken = signToken(keys, "ES256", { iss: ISTIO_ISSUER, sub: "bob", exp: FAR_FUTURE, groups: ["group3"] });

interface Case {
  readonly name: string;
  readonly request: ScenarioRequest;
  readonly status: number;
}

interface Example {
  readonly name: string;
  readonly policies: object[];
  readonly cases: readonly Case[];
}

const withToken = (path: string, extra: Record<string, string> = {}, method = "GET"): ScenarioRequest => ({ path, method, headers: { ...bearer(token), ...extra } });
const withOther = (path: string): ScenarioRequest => ({ path, headers: bearer(otherToken) });
const anonymous = (path: string, headers: Record<string, string> = {}, method = "GET"): ScenarioRequest => ({ path, method, headers });

const examples: Example[] = [
  {
    name: "require-jwt (ALLOW by requestPrincipals)",
    policies: [{ name: "require-jwt", action: "ALLOW", rules: [{ from: [{ source: { requestPrincipals: [`${ISTIO_ISSUER}/${ISTIO_ISSUER}`] } }] }] }],
    cases: [
      { name: "valid token of the principal", request: withToken("/headers"), status: 200 },
      { name: "no token", request: anonymous("/headers"), status: 403 },
      { name: "another principal", request: withOther("/headers"), status: 403 },
    ],
  },
  {
    name: "require a group claim (when request.auth.claims[groups]), or a nested role",
    policies: [
      {
        name: "require-jwt",
        action: "ALLOW",
        rules: [
          { from: [{ source: { requestPrincipals: [`${ISTIO_ISSUER}/*`] } }], when: [{ key: "request.auth.claims[groups]", values: ["group1"] }] },
          { from: [{ source: { requestPrincipals: [`*/bob`] } }], when: [{ key: "request.auth.claims[nested][role]", values: ["adm*"] }] },
        ],
      },
    ],
    cases: [
      { name: "token whose groups list holds group1", request: withToken("/headers"), status: 200 },
      { name: "token without group1 nor a nested role", request: withOther("/headers"), status: 403 },
      { name: "bob's token with nested role admin", request: { headers: bearer(nestedToken) }, status: 200 },
      { name: "no token", request: anonymous("/headers"), status: 403 },
    ],
  },
  {
    name: "require JWT on /headers only (DENY notRequestPrincipals *)",
    policies: [{ name: "require-jwt", action: "DENY", rules: [{ from: [{ source: { notRequestPrincipals: ["*"] } }], to: [{ operation: { paths: ["/headers"] } }] }] }],
    cases: [
      { name: "/headers without a token", request: anonymous("/headers"), status: 403 },
      { name: "/headers with a token", request: withToken("/headers"), status: 200 },
      { name: "/ip without a token", request: anonymous("/ip"), status: 200 },
      { name: "/headers?x=1 (query ignored) without a token", request: anonymous("/headers?x=1"), status: 403 },
    ],
  },
  {
    name: "explicit deny of GET unless x-token: admin, deny over allow; AUDIT never changes the outcome",
    policies: [
      { name: "audit-reads", action: "AUDIT", rules: [{ to: [{ operation: { methods: ["GET"] } }] }] },
      { name: "deny-method-get", action: "DENY", rules: [{ to: [{ operation: { methods: ["GET"] } }], when: [{ key: "request.headers[x-token]", notValues: ["admin"] }] }] },
      { name: "allow-path-ip", action: "ALLOW", rules: [{ to: [{ operation: { paths: ["/ip"] } }] }] },
    ],
    cases: [
      { name: "GET /ip as guest: deny wins over allow", request: anonymous("/ip", { "x-token": "guest" }), status: 403 },
      { name: "GET /ip as admin", request: anonymous("/ip", { "x-token": "admin" }), status: 200 },
      { name: "GET /get as admin: no ALLOW matches", request: anonymous("/get", { "x-token": "admin" }), status: 403 },
      { name: "POST /ip without x-token", request: anonymous("/ip", {}, "POST"), status: 200 },
    ],
  },
  {
    // The test client cannot choose its Host header (fetch forbids it): it is
    // 127.0.0.1:<port> in Envoy and "localhost" in the emulator.
    name: "methods, prefix and suffix paths, hosts, ports and ipBlocks (the test client is 127.0.0.1)",
    policies: [
      {
        name: "reads",
        action: "ALLOW",
        rules: [{ to: [{ operation: { methods: ["GET", "HEAD"], paths: ["/api/*", "*.json"], notPaths: ["/api/admin*"], hosts: ["127.0.0.1", "localhost", "*.example.com"] } }] }],
      },
      { name: "example-hosts-only", action: "ALLOW", rules: [{ to: [{ operation: { paths: ["/example/*"], hosts: ["*.example.com"] } }] }] },
      { name: "port-one-only", action: "ALLOW", rules: [{ to: [{ operation: { paths: ["/port/*"], ports: ["1"] } }] }] },
      { name: "any-port-but-one", action: "ALLOW", rules: [{ to: [{ operation: { paths: ["/not-port/*"], notPorts: ["1"] } }] }] },
      { name: "loopback-only", action: "ALLOW", rules: [{ from: [{ source: { ipBlocks: ["127.0.0.0/8", "::1/128"] } }], to: [{ operation: { paths: ["/local"] } }] }] },
      { name: "nobody-from-ten", action: "ALLOW", rules: [{ from: [{ source: { ipBlocks: ["10.0.0.0/8", "2001:db8::/32"] } }], to: [{ operation: { paths: ["/ten"] } }] }] },
      { name: "source-ip-condition", action: "ALLOW", rules: [{ to: [{ operation: { paths: ["/cond"] } }], when: [{ key: "source.ip", notValues: ["127.0.0.1"] }] }] },
    ],
    cases: [
      { name: "GET /api/items", request: anonymous("/api/items"), status: 200 },
      { name: "GET /data.json", request: anonymous("/data.json"), status: 200 },
      { name: "GET /api/admin/users (notPaths)", request: anonymous("/api/admin/users"), status: 403 },
      { name: "DELETE /api/items (methods)", request: anonymous("/api/items", {}, "DELETE"), status: 403 },
      { name: "GET /example/x from a host outside *.example.com", request: anonymous("/example/x"), status: 403 },
      { name: "GET /port/x on the listener's port, not 1", request: anonymous("/port/x"), status: 403 },
      { name: "GET /not-port/x (notPorts)", request: anonymous("/not-port/x"), status: 200 },
      { name: "/local from loopback", request: anonymous("/local"), status: 200 },
      { name: "/ten from loopback", request: anonymous("/ten"), status: 403 },
      { name: "/cond from 127.0.0.1 (notValues)", request: anonymous("/cond"), status: 403 },
    ],
  },
  {
    name: "allow-nothing (an ALLOW policy without rules)",
    policies: [{ name: "allow-nothing", action: "ALLOW" }],
    cases: [
      { name: "anonymous", request: anonymous("/"), status: 403 },
      { name: "with a token", request: withToken("/"), status: 403 },
    ],
  },
];

describe.each(scenarioBackends())("jwt-authz authorization (Istio examples) on $name", (backend) => {
  describe.each(examples)("$name", (example) => {
    let target: ScenarioTarget;
    beforeAll(async () => {
      target = await backend.start(setupWith({ jwtRules, policies: example.policies }));
    });
    afterAll(async () => target?.stop());

    it.each(example.cases)("$name -> $status", async ({ request, status }) => {
      const audits = async () => (await target.metrics()).get("jwt_authz.authz_audit") ?? 0;
      const auditsBefore = await audits();
      const response = await target.request(request);
      expect(response.status).toBe(status);
      if (status === 403) {
        expect(response.body).toBe("RBAC: access denied");
        expect(response.upstream).toBeNull();
      } else {
        expect(response.upstream).not.toBeNull();
      }
      if (example.name.includes("AUDIT")) {
        const isGet = (request.method ?? "GET") === "GET";
        expect((await audits()) - auditsBefore).toBe(isGet ? 1 : 0);
        if (isGet) expect(await loggedEventually(target, 'AUDIT policy "audit-reads" matched')).toBe(true);
      }
    });
  });
});

/** Envoy writes logs asynchronously: look a bounded number of times. */
async function loggedEventually(target: ScenarioTarget, text: string): Promise<boolean> {
  for (let attempt = 0; attempt < 50; attempt++) {
    if ((await target.wasmLogs()).some((line) => line.includes(text))) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}
