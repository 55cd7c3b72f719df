// The matchers and the refused-configuration error read the same on both
// backends: one scenario (the kitchen fixture) on the emulator and on real Envoy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "../../src/matchers/vitest.ts";
import { ConfigurationRefusedError, scenarioBackends, type FilterSetup, type ScenarioTarget } from "../../src/index.ts";
import { compileFixture, writeTempWasm } from "../fixtures/compile-fixture.ts";

const module = await writeTempWasm("kitchen-matchers", await compileFixture("kitchen"));
const setup = (configuration: string): FilterSetup => ({ filters: [{ module, rootId: "kitchen", name: "kitchen", configuration }] });

function failureOf(assertion: () => unknown): string {
  try {
    assertion();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("the assertion passed");
}

async function asyncFailureOf(assertion: () => Promise<unknown>): Promise<string> {
  return assertion().then(
    () => {
      throw new Error("the assertion passed");
    },
    (error: Error) => error.message,
  );
}

describe.each(scenarioBackends())("matchers on $name", (backend) => {
  let target: ScenarioTarget;
  beforeAll(async () => {
    target = await backend.start(setup("matchers"));
  });
  afterAll(async () => target?.stop());

  it("toHaveStatus and toHaveHeader pass and fail on what the client saw", async () => {
    const response = await target.request({ path: "/plain" });
    expect(response).toHaveStatus(200);
    expect(response).toHaveHeader("X-Kitchen-Response", "seen");
    expect(response).toHaveHeader("x-kitchen-response", /^se/);
    expect(response).toHaveHeader("x-kitchen-response");
    expect(response).not.toHaveHeader("x-absent");
    expect(failureOf(() => expect(response).toHaveHeader("x-kitchen-response", "other"))).toBe(
      'expected the response to have header "x-kitchen-response" "other", "x-kitchen-response" is "seen" (status 200)',
    );
    expect(failureOf(() => expect(response).toHaveHeader("x-absent"))).toMatch(/^expected the response to have header "x-absent", no such header; it has \[.*"x-kitchen-response"/);
  });

  it("toHaveStatus quotes a local reply's body", async () => {
    const denied = await target.request({ path: "/deny", headers: { "x-action": "local-reply" } });
    expect(denied).toHaveStatus(403);
    expect(failureOf(() => expect(denied).toHaveStatus(200))).toBe('expected status 200, got 403\nbody: "forbidden\\n"');
  });

  it("toHaveMetric reads the filters' metrics, waiting for them to settle", async () => {
    const before = (await target.metrics()).get("kitchen_requests_total")!;
    await target.request({ path: "/counted" });
    await expect(target).toHaveMetric("kitchen_requests_total", before + 1);
    await expect(target).toHaveMetric("kitchen_requests_total");
    await expect(target).not.toHaveMetric("kitchen_absent");
    expect(await target.metrics()).toHaveMetric("kitchen_requests_total", before + 1);
    expect(await asyncFailureOf(() => expect(target).toHaveMetric("kitchen_requests_total", before + 5))).toBe(
      `expected metric "kitchen_requests_total" = ${before + 5}, it is ${before + 1}`,
    );
  });

  it("toHaveLogged finds a line logged in onLog, after the response", async () => {
    await target.request({ path: "/logged-path" });
    await expect(target).toHaveLogged("access /logged-path 200");
    await expect(target).toHaveLogged(/^configured: matchers$/);
    await expect(target).not.toHaveLogged("never logged");
    expect(await asyncFailureOf(() => expect(target).not.toHaveLogged("access /logged-path"))).toBe(
      'expected the filters not to log "access /logged-path", they logged ["access /logged-path 200"]',
    );
  });

  it("a failing matcher on a request that trapped carries the trap report", async () => {
    const trapping = await backend.start(setup("trapping"));
    try {
      const response = await trapping.request({ path: "/trap", headers: { "x-action": "trap-response" } });
      const message = failureOf(() => expect(response).toHaveHeader("x-kitchen-response"));
      expect(message).toContain("the filter trapped in proxy_on_response_headers: RuntimeError: unreachable");
      expect(message).toContain('request in flight: GET /trap headers {"x-action":"trap-response"}');
      // The fixture is an optimised build without names or a source map.
      expect(message).toContain("has no name section or source map: run its debug build");
    } finally {
      await trapping.stop();
    }
  });
});

describe.each(scenarioBackends())("a refused configuration on $name", (backend) => {
  it("is a ConfigurationRefusedError whose message starts with the filter's own line", async () => {
    const error = await backend.start(setup("reject")).then(
      async (target) => (await target.stop(), null),
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConfigurationRefusedError);
    const refused = error as ConfigurationRefusedError;
    expect([refused.code, refused.backend, refused.plugin]).toEqual(["E_CONFIGURATION_REFUSED", backend.name, "kitchen"]);
    expect([refused.filter, refused.field, refused.reasonCode]).toEqual(["kitchen", "(root)", "E_KITCHEN_REJECT"]);
    expect(refused.message.split("\n")[0]).toBe('kitchen: (root): "reject" is refused on purpose [E_KITCHEN_REJECT]');
  });
});
