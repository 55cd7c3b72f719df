// compat-callout, written against the 0.1.15-style compat API, run on every
// scenario backend: RootContext.httpCall to an auth cluster, the callback
// continuing or denying the paused request, and a refused call.

import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  scenarioBackends,
  validateEnvoyConfig,
  realEnvoySkipped,
  type Backend,
  type EchoedRequest,
  type ScenarioTarget,
  type UpstreamReply,
} from "@envoyscript/testkit";

const here = path.dirname(fileURLToPath(import.meta.url));
const module = path.join(here, "..", "build", "compat-callout.wasm");

/** The auth service: 200 naming the user for the right token, 403 with a reason otherwise. */
function authService(request: EchoedRequest): UpstreamReply {
  if (request.headers["authorization"] === "Bearer let-me-in") return { status: 200, headers: { "x-auth-user": "alice" } };
  return { status: 403, body: `no entry for ${request.path}\n` };
}

const backends = scenarioBackends().map((backend) => [backend.name, backend] as [string, Backend]);

describe.each(backends)("compat-callout on %s", (_name, backend) => {
  let target: ScenarioTarget;
  const authRequests: EchoedRequest[] = [];

  beforeAll(async () => {
    target = await backend.start({
      filters: [{ module, rootId: "compat_callout", configuration: "auth" }],
      calloutClusters: { auth: (request) => (authRequests.push(request), authService(request)) },
    });
  });
  afterAll(async () => target?.stop());

  it("continues an authorized request with the user the auth service named", async () => {
    const response = await target.request({ path: "/orders/7", headers: { authorization: "Bearer let-me-in" } });
    expect(response.status).toBe(200);
    expect(response.upstream?.path).toBe("/orders/7");
    expect(response.upstream?.headers["x-auth-user"]).toBe("alice");
  });

  it("forwards the request's headers to the auth service", () => {
    const asked = authRequests.at(-1)!;
    expect(asked.path).toBe("/orders/7");
    expect(asked.method).toBe("GET");
    expect(asked.headers["authorization"]).toBe("Bearer let-me-in");
  });

  it("denies with 403 and the auth service's body otherwise, never reaching the upstream", async () => {
    const response = await target.request({ path: "/admin", headers: { authorization: "Bearer wrong" } });
    expect(response.status).toBe(403);
    expect(response.body).toBe("no entry for /admin\n");
    expect(response.headers["x-auth-status"]).toBe("403");
    expect(response.upstream).toBeNull();
  });

  it("logs each answer from the callback", async () => {
    const logs = await target.wasmLogs();
    expect(logs).toContain("compat_callout: auth answered 200");
    expect(logs).toContain("compat_callout: auth answered 403");
  });
});

describe.each(backends)("compat-callout with an unknown auth cluster on %s", (_name, backend) => {
  let target: ScenarioTarget;

  beforeAll(async () => {
    target = await backend.start({ filters: [{ module, rootId: "compat_callout", configuration: "no_such_cluster" }] });
  });
  afterAll(async () => target?.stop());

  it("answers 500 when httpCall is refused", async () => {
    const response = await target.request({ path: "/" });
    expect(response.status).toBe(500);
    expect(response.body).toBe("auth service unavailable\n");
    expect(response.upstream).toBeNull();
    expect(await target.wasmLogs()).toContain('compat_callout: http call to "no_such_cluster" failed: 2');
  });
});

describe.skipIf(realEnvoySkipped())("compat-callout envoy.yaml", () => {
  it("is a configuration Envoy validates", () => {
    const result = validateEnvoyConfig(path.join(here, "..", "envoy.yaml"));
    expect(result.output).toMatch(/OK/);
    expect(result.ok).toBe(true);
  });
});
