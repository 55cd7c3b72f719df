// Real Envoy only: after the filter changes request headers, Envoy selects
// the route again (it clears the route cache when a decoding filter changes
// request headers). A path rewrite reaches a route matched by path, and a
// destination header reaches a route matched by that header, although the
// request as received matched neither.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { realEnvoySkipped, startEnvoy, startUpstream, type EchoedRequest, type EnvoyInstance, type UpstreamServer } from "@envoyscript/testkit";
import { routingHeaders } from "./support/setup.ts";

const configuration = {
  destinationHeader: "x-lane",
  rules: [
    { name: "legacy", match: [{ uri: { prefix: "/legacy" } }], rewrite: { uri: "/v2-only" } },
    { name: "fast-lane", match: [{ headers: { "x-tier": { exact: "gold" } } }], route: [{ destination: "fast" }] },
  ],
};

describe.skipIf(realEnvoySkipped())("routing-headers and Envoy's route cache", () => {
  let v1: UpstreamServer;
  let v2: UpstreamServer;
  let envoy: EnvoyInstance;

  beforeAll(async () => {
    v1 = await startUpstream("v1");
    v2 = await startUpstream("v2");
    envoy = await startEnvoy({
      filters: [{ wasm: routingHeaders(configuration) }],
      upstreams: [{ name: "v1", port: v1.port }, { name: "v2", port: v2.port }],
      routes: [
        { match: { prefix: "/v2-only" }, route: { cluster: "v2" } },
        { match: { prefix: "/", headers: [{ name: "x-lane", string_match: { exact: "fast" } }] }, route: { cluster: "v2" } },
      ],
    });
  });

  afterAll(async () => {
    await envoy?.stop();
    await v1?.close();
    await v2?.close();
  });

  async function echoed(path: string, headers: Record<string, string> = {}): Promise<EchoedRequest> {
    const response = await fetch(`${envoy.listenerUrl}${path}`, { headers });
    expect(response.status).toBe(200);
    return (await response.json()) as EchoedRequest;
  }

  it("routes a rewritten path by the route matching the new path", async () => {
    expect(await echoed("/legacy/x?y=1")).toMatchObject({ upstream: "v2", path: "/v2-only/x?y=1" });
    expect((await echoed("/other")).upstream).toBe("v1");
  });

  it("routes by a destination header the filter set, on a header-matched route", async () => {
    expect((await echoed("/", { "x-tier": "gold" })).upstream).toBe("v2");
    expect((await echoed("/", { "x-tier": "silver" })).upstream).toBe("v1");
  });

  it("ignores the destination header when the client sends it", async () => {
    expect((await echoed("/", { "x-lane": "fast" })).upstream).toBe("v1");
  });
});
