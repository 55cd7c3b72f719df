import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findSamples, realEnvoySkipped, startEnvoy, startUpstream, type EchoedRequest, type EnvoyInstance, type UpstreamServer } from "../../src/index.ts";

describe.skipIf(realEnvoySkipped())("real Envoy harness", () => {
  let v1: UpstreamServer;
  let v2: UpstreamServer;
  let envoy: EnvoyInstance;

  beforeAll(async () => {
    v1 = await startUpstream("v1");
    v2 = await startUpstream("v2");
    envoy = await startEnvoy({
      filters: [],
      upstreams: [
        { name: "v1", port: v1.port },
        { name: "v2", port: v2.port },
      ],
      clusterHeader: "x-route-destination",
    });
  });

  afterAll(async () => {
    await envoy?.stop();
    await v1?.close();
    await v2?.close();
  });

  it("routes to the default cluster and echoes the request", async () => {
    const response = await fetch(`${envoy.listenerUrl}/items?id=7`, { method: "POST", body: "payload", headers: { "x-test": "a" } });
    expect(response.status).toBe(200);
    const echoed = (await response.json()) as EchoedRequest;
    expect(echoed).toMatchObject({ upstream: "v1", method: "POST", path: "/items?id=7", body: "payload" });
    expect(echoed.headers["x-test"]).toBe("a");
  });

  it("routes by the cluster header", async () => {
    const response = await fetch(`${envoy.listenerUrl}/`, { headers: { "x-route-destination": "v2" } });
    expect(((await response.json()) as EchoedRequest).upstream).toBe("v2");
  });

  it("exposes admin stats parsed from Prometheus text and JSON", async () => {
    await fetch(`${envoy.listenerUrl}/`);
    const samples = await envoy.prometheus();
    const completed = findSamples(samples, "envoy_cluster_upstream_rq_completed", { envoy_cluster_name: "v1" });
    expect(completed).toHaveLength(1);
    expect(completed[0].value).toBeGreaterThanOrEqual(2);
    const stats = await envoy.stats("cluster.v2.upstream_rq_total");
    expect(stats.get("cluster.v2.upstream_rq_total")).toBe(1);
  });

  it("runs side by side with a second Envoy on its own ports and base id", async () => {
    const second = await startEnvoy({ filters: [], upstreams: [{ name: "v2", port: v2.port }] });
    try {
      expect(second.listenerPort).not.toBe(envoy.listenerPort);
      const response = await fetch(`${second.listenerUrl}/`);
      expect(((await response.json()) as EchoedRequest).upstream).toBe("v2");
    } finally {
      await second.stop();
    }
    expect(second.exited).toBe(true);
  });

  it("fails with the log tail when Envoy rejects its configuration", async () => {
    const error = await startEnvoy({
      filters: [{ native: { name: "bad", typed_config: { "@type": "type.googleapis.com/envoy.does.not.Exist" } } }],
      upstreams: [{ name: "v1", port: v1.port }],
    }).catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/E_ENVOY_EXITED|exited before it was ready/);
    expect((error as Error).message).toMatch(/envoy\.does\.not\.Exist/);
  });
});
