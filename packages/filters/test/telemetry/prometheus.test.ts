// What Prometheus sees: the filter's label encoding, cut into labels by the
// tag rules telemetryStatsTags generates, in a real Envoy's /stats/prometheus.
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findSamples, parsePrometheus, realEnvoySkipped, startEnvoy, startUpstream, type EnvoyInstance, type PrometheusSample, type UpstreamServer } from "@envoyscript/testkit";
import { telemetryLabelNames } from "../../src/index.ts";
import { directResponseRoute, flood, startTaggedEnvoy, telemetry, type TaggedEnvoy } from "./support.ts";

const SLOW_DELAY_MS = 300;
const CONFIG = {
  metrics: {
    dimensions: { team: 'request.headers["x-team"]', tier: { value: 'request.headers["x-tier"]', default: "none" } },
    maxValuesPerDimension: 20,
  },
};

/** Answers 503 for /fail, waits SLOW_DELAY_MS for /slow, 200 otherwise. */
async function handler(request: IncomingMessage, _body: Buffer, response: ServerResponse): Promise<void> {
  if (request.url?.startsWith("/slow")) await delay(SLOW_DELAY_MS);
  response.writeHead(request.url?.startsWith("/fail") ? 503 : 200, { "content-type": "text/plain" });
  response.end("ok");
}

describe.skipIf(realEnvoySkipped())("telemetry metrics in Envoy's Prometheus output", () => {
  let target: TaggedEnvoy;
  const latencies: { path: string; ms: number }[] = [];

  async function send(path: string, headers: Record<string, string>, method = "GET"): Promise<number> {
    const started = performance.now();
    const response = await fetch(`${target.envoy.listenerUrl}${path}`, { method, headers });
    await response.text();
    latencies.push({ path, ms: performance.now() - started });
    return response.status;
  }

  async function prometheus(): Promise<PrometheusSample[]> {
    return parsePrometheus(await target.envoy.admin("/stats/prometheus"));
  }

  beforeAll(async () => {
    target = await startTaggedEnvoy(CONFIG, handler);
    for (let i = 0; i < 3; i++) expect(await send("/fast", { "x-team": "payments" })).toBe(200);
    for (let i = 0; i < 2; i++) expect(await send("/slow", { "x-team": "payments" })).toBe(200);
    for (let i = 0; i < 2; i++) expect(await send("/fail", { "x-team": "search", "x-tier": "gold" }, "POST")).toBe(503);
  });
  afterAll(async () => target?.stop());

  it("counts requests by response code, method, protocol and custom dimensions", async () => {
    const samples = await prometheus();
    const ok = findSamples(samples, "envoyscript_requests_total", { team: "payments", response_code: "200", request_method: "GET" });
    expect(ok).toHaveLength(1);
    expect(ok[0]!.value).toBe(5);
    expect(ok[0]!.labels).toEqual({
      response_code: "200",
      request_method: "GET",
      request_protocol: "HTTP/1.1",
      source_workload: "unknown",
      destination_workload: "unknown",
      team: "payments",
      tier: "none",
    });
    const failed = findSamples(samples, "envoyscript_requests_total", { team: "search", tier: "gold", response_code: "503", request_method: "POST" });
    expect(failed.map((sample) => sample.value)).toEqual([2]);
    // No encoded name leaks through untagged.
    expect(samples.filter((sample) => sample.name.includes("=") || sample.name.includes(";"))).toEqual([]);
  });

  it("keeps histogram buckets consistent with the measured latencies", async () => {
    const buckets = findSamples(await prometheus(), "envoyscript_request_duration_milliseconds_bucket", { team: "payments" });
    const fast = latencies.filter((entry) => entry.path === "/fast");
    const slow = latencies.filter((entry) => entry.path === "/slow");
    expect(buckets.length).toBeGreaterThan(5);
    for (const bucket of buckets) {
      const bound = bucket.labels.le === "+Inf" ? Infinity : Number(bucket.labels.le);
      // Envoy measured no more than the client did (minus rounding to whole ms)...
      const surelyInside = [...fast, ...slow].filter((entry) => entry.ms <= bound - 1).length;
      // ...and a delayed request took at least the delay.
      const possiblyInside = fast.length + (bound >= SLOW_DELAY_MS ? slow.length : 0);
      expect(bucket.value, `bucket le=${bucket.labels.le}`).toBeGreaterThanOrEqual(surelyInside);
      expect(bucket.value, `bucket le=${bucket.labels.le}`).toBeLessThanOrEqual(possiblyInside);
    }
    const below = buckets.find((bucket) => bucket.labels.le === "250")!;
    expect(below.value).toBeLessThanOrEqual(3);
    const count = findSamples(await prometheus(), "envoyscript_request_duration_milliseconds_count", { team: "payments" });
    expect(count.map((sample) => sample.value)).toEqual([5]);
  });

  it("records request and response sizes in bytes, headers included", async () => {
    const samples = await prometheus();
    const responseCount = findSamples(samples, "envoyscript_response_bytes_count", { team: "payments" });
    expect(responseCount.map((sample) => sample.value)).toEqual([5]);
    const responseSum = findSamples(samples, "envoyscript_response_bytes_sum", { team: "payments" })[0]!.value;
    // Five responses of "ok" plus status line and headers: more than the bodies, far less than a kilobyte each.
    expect(responseSum).toBeGreaterThan(5 * 2);
    expect(responseSum).toBeLessThan(5 * 1024);
  });

  it("sanitises label values with characters the encoding or Prometheus cannot carry", async () => {
    const hostile = ["..x..", "trail.", "a.b", 'q"uote\\back', "semi;colon=eq", "sp ace"];
    for (const team of hostile) expect(await send("/fast", { "x-team": team })).toBe(200);
    const teams = findSamples(await prometheus(), "envoyscript_requests_total", { response_code: "200" }).map((sample) => sample.labels.team);
    expect(teams).toEqual(expect.arrayContaining(["__x__", "trail_", "a.b", "q_uote_back", "semi_colon_eq", "sp_ace"]));
  });
});

describe.skipIf(realEnvoySkipped())("telemetry cardinality guard in Envoy", () => {
  let target: TaggedEnvoy;
  const LIMIT = 25;
  const DISTINCT = 10_000;

  beforeAll(async () => {
    target = await startTaggedEnvoy({ metrics: { dimensions: { user: 'request.headers["x-user"]' }, maxValuesPerDimension: LIMIT } }, undefined, [directResponseRoute("/direct")]);
  });
  afterAll(async () => target?.stop());

  it(`keeps ${LIMIT} values of a dimension and counts ${DISTINCT} distinct ones under "other"`, async () => {
    const requests = Array.from({ length: DISTINCT }, (_, index) => ({ "x-user": `user-${index}` }));
    expect(await flood(target.envoy.listenerPort, requests, "/direct", 16)).toBe(DISTINCT);
    const series = findSamples(parsePrometheus(await target.envoy.admin("/stats/prometheus")), "envoyscript_requests_total");
    expect(series).toHaveLength(LIMIT + 1);
    const other = series.filter((sample) => sample.labels.user === "other");
    expect(other.map((sample) => sample.value)).toEqual([DISTINCT - LIMIT]);
    expect(series.reduce((total, sample) => total + sample.value, 0)).toBe(DISTINCT);
    expect(series.filter((sample) => sample.labels.user !== "other").every((sample) => sample.value === 1)).toBe(true);
  });
});

describe.skipIf(realEnvoySkipped())("telemetry labels with Istio's extraStatTags rules", () => {
  const config = { metrics: { dimensions: { team: 'request.headers["x-team"]' } } };
  let envoy: EnvoyInstance;
  let upstream: UpstreamServer;

  beforeAll(async () => {
    upstream = await startUpstream("backend");
    // What Istio's bootstrap generates: its own response_code rule, then one
    // unanchored rule per extraStatTags entry.
    const statsTags = [
      { tag_name: "response_code", regex: "_rq(_(\\d{3}))$" },
      ...telemetryLabelNames(config).map((tag) => ({ tag_name: tag, regex: `(${tag}=\\.=(.*?);\\.;)` })),
    ];
    envoy = await startEnvoy({
      filters: [{ wasm: telemetry(config) }],
      upstreams: [{ name: "backend", port: upstream.port }],
      statsConfig: { use_all_default_tags: false, stats_tags: statsTags },
    });
  });
  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  it("yields the same labels, including response_code next to Istio's own rule", async () => {
    await (await fetch(`${envoy.listenerUrl}/`, { headers: { "x-team": "istio.team" } })).text();
    const samples = findSamples(parsePrometheus(await envoy.admin("/stats/prometheus")), "envoyscript_requests_total");
    expect(samples).toHaveLength(1);
    expect(samples[0]!.labels).toMatchObject({ response_code: "200", request_method: "GET", team: "istio.team" });
    expect(samples[0]!.value).toBe(1);
  });
});
