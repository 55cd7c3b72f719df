// The example's scenarios on the in-process emulator and in real Envoy: a
// known key, a missing one, an unknown one, a public path, a spoofed user
// header, the counters defined from the start, a refused configuration;
// then envoy.yaml checked by Envoy itself.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { realEnvoySkipped, scenarioBackends, validateEnvoyConfig, type FilterSetup, type ScenarioTarget } from "@envoyscript/testkit";

const here = path.dirname(fileURLToPath(import.meta.url));
const module = path.join(here, "..", "build", "header-auth.wasm");
const ALICE_KEY = "alice-0123456789abcdef";
const CONFIG = { keys: [{ key: ALICE_KEY, user: "alice" }, { key: "bob-0123456789abcdef", user: "bob" }], public: [{ uri: { prefix: "/health" } }] };

function setup(configuration: object): FilterSetup {
  return { filters: [{ module, rootId: "header-auth", configuration }] };
}

describe.each(scenarioBackends())("header-auth on $name", (backend) => {
  let target: ScenarioTarget;
  beforeAll(async () => {
    target = await backend.start(setup(CONFIG));
  });
  afterAll(async () => target?.stop());

  it("defines its counters before the first request", async () => {
    const metrics = await target.metrics();
    for (const name of ["header_auth_allowed", "header_auth_denied", "header_auth_missing", "header_auth_public"]) expect(metrics.get(name), name).toBe(0);
  });

  it("lets a known key through with its user, and without the key", async () => {
    const response = await target.request({ path: "/orders", headers: { "x-api-key": ALICE_KEY } });
    expect(response.status).toBe(200);
    expect(response.upstream?.headers["x-auth-user"]).toBe("alice");
    expect(response.upstream?.headers["x-api-key"]).toBeUndefined();
  });

  it("answers 401 without a key and 403 with an unknown one", async () => {
    const missing = await target.request({ path: "/orders" });
    expect(missing.status).toBe(401);
    expect(missing.headers["www-authenticate"]).toBe('ApiKey header="x-api-key"');
    const unknown = await target.request({ path: "/orders", headers: { "x-api-key": "alice-0123456789abcdeF" } });
    expect(unknown.status).toBe(403);
    expect(unknown.upstream).toBeNull();
  });

  it("lets public requests through without a key, and never a client's own user header", async () => {
    const response = await target.request({ path: "/health", headers: { "x-auth-user": "admin" } });
    expect(response.status).toBe(200);
    expect(response.upstream?.headers["x-auth-user"]).toBeUndefined();
    const keyed = await target.request({ path: "/orders", headers: { "x-api-key": "bob-0123456789abcdef", "x-auth-user": "admin" } });
    expect(keyed.upstream?.headers["x-auth-user"]).toBe("bob");
  });

  it("counts what it did", async () => {
    const metrics = await target.metrics();
    expect(metrics.get("header_auth_allowed")).toBe(2);
    expect(metrics.get("header_auth_missing")).toBe(1);
    expect(metrics.get("header_auth_denied")).toBe(1);
    expect(metrics.get("header_auth_public")).toBe(1);
  });

  it.each([
    [{ keys: [{ key: "short", user: "eve" }] }, "header-auth: keys[0].key: a key needs at least 16 characters, got 5 [E_HEADER_AUTH_WEAK_KEY]"],
    [{ keys: CONFIG.keys, publc: [] }, 'header-auth: publc: unknown field "publc"; did you mean "public"? expected one of header, userHeader, keys, public [E_CONFIG_UNKNOWN_FIELD]'],
  ])("refuses %j with the one line the README quotes", async (configuration, line) => {
    const error = await backend.start(setup(configuration)).then(
      async (running) => (await running.stop(), undefined),
      (caught: unknown) => caught as Error,
    );
    expect(error?.message).toContain(line);
    expect(readFileSync(path.join(here, "..", "README.md"), "utf8")).toContain(`\n${line}\n`);
  });
});

describe.skipIf(realEnvoySkipped())("header-auth's envoy.yaml", () => {
  it("is valid for Envoy", () => {
    const result = validateEnvoyConfig(path.join(here, "..", "envoy.yaml"));
    expect(result.output).toMatch(/OK/);
    expect(result.ok).toBe(true);
  });
});
