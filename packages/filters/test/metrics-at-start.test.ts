// Metrics are defined when a configuration is accepted, not on first use:
// every counter a filter keeps shows in the stats (at 0) before any request,
// so dashboards and alerts see the series from the start.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarioBackends, type ScenarioTarget } from "@envoyscript/testkit";
import { jwtAuthz, ISSUER } from "./jwt-authz/support/setup.ts";
import { twoVersions } from "./routing-headers/support/setup.ts";
import { METRIC, faultSetup } from "./fault-injection/support/setup.ts";

const JWT_COUNTERS = [
  "authn_success", "authn_missing", "authn_failure", "authz_allowed", "authz_denied", "authz_audit",
  "token_cache_hit", "token_cache_miss", "jwks_fetch_success", "jwks_fetch_failure",
].map((name) => `jwt_authz.${name}`);

describe.each(scenarioBackends())("metrics at start on $name", (backend) => {
  const cases = [
    {
      name: "routing-headers",
      setup: () => twoVersions({ rules: [{ name: "canary", match: [{ uri: { prefix: "/c" } }], route: [{ destination: "v2" }] }] }),
      metrics: ["routing_headers.rule.canary", "routing_headers.unmatched"],
    },
    { name: "fault-injection", setup: () => faultSetup({ abort: { httpStatus: 503, percentage: 0 } }), metrics: Object.values(METRIC) },
    {
      name: "jwt-authz",
      setup: () => ({ filters: [jwtAuthz({ jwtRules: [{ issuer: ISSUER, hmacSecret: Buffer.alloc(32, 1).toString("base64") }] })] }),
      metrics: JWT_COUNTERS,
    },
  ];
  describe.each(cases)("$name", ({ setup, metrics }) => {
    let target: ScenarioTarget;
    beforeAll(async () => {
      target = await backend.start(setup());
    });
    afterAll(async () => target?.stop());

    it("shows every counter at 0 before the first request", async () => {
      const stats = await target.metrics();
      for (const name of metrics) expect(stats.get(name), name).toBe(0);
    });
  });
});
