import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  envoyBackend,
  realEnvoySkipped,
  scenarioBackends,
  validateEnvoyConfig,
  type ClusterHandler,
  type EchoedRequest,
  type FilterSetup,
  type ScenarioTarget,
  type UpstreamReply,
} from "@envoyscript/testkit";

const here = path.dirname(fileURLToPath(import.meta.url));
const module = path.join(here, "..", "build", "http-callout-authorizer.wasm");
const rootId = "http-callout-authorizer";
const CONFIG = { cluster: "auth", path: "/check", timeoutMs: 500, forwardHeaders: ["authorization"] };

/** Check requests the auth service received, in order. */
const checks: EchoedRequest[] = [];

/** A stand-in auth service: the token decides the answer. */
const authService: ClusterHandler = (check): UpstreamReply => {
  checks.push(check);
  switch (check.headers.authorization) {
    case "Bearer alice-token":
      return { status: 200, headers: { "x-auth-user": "alice" } };
    case "Bearer anonymous-token":
      return { status: 200 };
    case "Bearer broken-token":
      return { status: 500, body: "database down" };
    default:
      return { status: 401, headers: { "content-type": "application/json" }, body: '{"error":"invalid token"}' };
  }
};

function authorizerSetup(configuration: object, calloutClusters: FilterSetup["calloutClusters"] = { auth: authService }): FilterSetup {
  return { filters: [{ module, rootId, configuration }], calloutClusters };
}

describe.each(scenarioBackends())("http-callout-authorizer on $name", (backend) => {
  let target: ScenarioTarget;
  beforeAll(async () => {
    target = await backend.start(authorizerSetup(CONFIG));
  });
  afterAll(async () => target?.stop());
  afterEach(() => {
    checks.length = 0;
  });

  it("lets an authorized request through with the user the auth service named", async () => {
    const response = await target.request({ path: "/orders", headers: { authorization: "Bearer alice-token" } });
    expect(response.status).toBe(200);
    expect(response.upstream?.path).toBe("/orders");
    expect(response.upstream?.headers["x-auth-user"]).toBe("alice");
    expect(await target.wasmLogs()).toContain("http-callout-authorizer: allowed user alice");
  });

  it("holds a request body while it waits and delivers it intact", async () => {
    const response = await target.request({ method: "POST", path: "/orders", headers: { authorization: "Bearer alice-token" }, body: "item=42&count=3" });
    expect(response.status).toBe(200);
    expect(response.upstream?.method).toBe("POST");
    expect(response.upstream?.body).toBe("item=42&count=3");
  });

  it("sends GET /check with only the configured headers to the auth service", async () => {
    await target.request({ path: "/orders?id=7", headers: { authorization: "Bearer alice-token", cookie: "session=1" } });
    expect(checks).toHaveLength(1);
    expect(checks[0]!.method).toBe("GET");
    expect(checks[0]!.path).toBe("/check");
    expect(checks[0]!.headers.authorization).toBe("Bearer alice-token");
    expect(checks[0]!.headers.cookie).toBeUndefined();
  });

  it("removes an x-auth-user header the client sent", async () => {
    const spoofed = await target.request({ headers: { authorization: "Bearer alice-token", "x-auth-user": "mallory" } });
    expect(spoofed.upstream?.headers["x-auth-user"]).toBe("alice");
    const anonymous = await target.request({ headers: { authorization: "Bearer anonymous-token", "x-auth-user": "mallory" } });
    expect(anonymous.status).toBe(200);
    expect(anonymous.upstream?.headers["x-auth-user"]).toBeUndefined();
  });

  it("answers 403 with the auth service's body when it refuses", async () => {
    const response = await target.request({ headers: { authorization: "Bearer stolen-token" } });
    expect(response.status).toBe(403);
    expect(response.body).toBe('{"error":"invalid token"}');
    expect(response.headers["content-type"]).toBe("application/json");
    expect(response.upstream).toBeNull();
  });

  it("answers 403 when the request carries no credentials at all", async () => {
    const response = await target.request({ path: "/orders" });
    expect(response.status).toBe(403);
    expect(checks[0]!.headers.authorization).toBeUndefined();
  });

  it("answers 503 when the auth service fails", async () => {
    const response = await target.request({ headers: { authorization: "Bearer broken-token" } });
    expect(response.status).toBe(503);
    expect(response.body).toBe("auth service unavailable\n");
    expect(response.upstream).toBeNull();
  });

  it("answers 503 when the auth cluster does not exist", async () => {
    const misconfigured = await backend.start(authorizerSetup({ ...CONFIG, cluster: "no-such-cluster" }));
    try {
      const response = await misconfigured.request({ headers: { authorization: "Bearer alice-token" } });
      expect(response.status).toBe(503);
      expect(response.upstream).toBeNull();
      expect(checks).toHaveLength(0);
    } finally {
      await misconfigured.stop();
    }
  });

  it("refuses a configuration whose timeout is out of range, naming the field", async () => {
    const error = await backend.start(authorizerSetup({ ...CONFIG, timeoutMs: 0 })).catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/timeoutMs/);
  });
});

// The emulator's callout timeouts run on virtual time, which a scenario's
// cluster handler cannot hold back: the timeout is shown in real Envoy.
describe.skipIf(realEnvoySkipped())("http-callout-authorizer in real Envoy", () => {
  it("answers 503 when the auth service does not answer within timeoutMs", async () => {
    let release: (reply: UpstreamReply) => void = () => {};
    const silent: ClusterHandler = () => new Promise<UpstreamReply>((resolve) => (release = resolve));
    const target = await envoyBackend.start(authorizerSetup({ ...CONFIG, timeoutMs: 100 }, { auth: silent }));
    try {
      const response = await target.request({ headers: { authorization: "Bearer alice-token" } });
      expect(response.status).toBe(503);
      expect(response.upstream).toBeNull();
      expect(await target.wasmLogs()).toContain("http-callout-authorizer: auth service failed (status 504), answering 503");
    } finally {
      release({ status: 200 });
      await target.stop();
    }
  });

  it("has an envoy.yaml that Envoy validates", () => {
    const result = validateEnvoyConfig(path.join(here, "..", "envoy.yaml"));
    expect(result.output).toMatch(/OK/);
    expect(result.ok).toBe(true);
  });
});
