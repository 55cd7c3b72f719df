// The same scenarios on every backend (the emulator once registered, and real
// Envoy): trace headers, the filtered access log, and the metrics by name.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarioBackends, type FilterSetup, type ScenarioTarget } from "@envoyscript/testkit";
import { accessLogLines, sumSeries, telemetry } from "./support.ts";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const CONFIG = {
  metrics: { dimensions: { team: 'request.headers["x-team"]' } },
  tracing: { format: "both", samplingPercentage: 100 },
  accessLog: {
    filter: 'response.code >= 400 || request.headers["x-debug"] != ""',
  },
};

const SETUP: FilterSetup = {
  filters: [telemetry(CONFIG)],
  nodeMetadata: { WORKLOAD_NAME: "checkout" },
  upstreams: {
    // Echoes what it received (so tests see the forwarded headers), 404 under /missing.
    backend: (request) => ({ status: request.path.startsWith("/missing") ? 404 : 200, body: JSON.stringify(request) }),
  },
};

describe.each(scenarioBackends())("telemetry on $name", (backend) => {
  let target: ScenarioTarget;
  beforeAll(async () => {
    target = await backend.start(SETUP);
  });
  afterAll(async () => target?.stop());

  it("starts a trace when the request has none: x-request-id, B3 and traceparent agree", async () => {
    const response = await target.request({ path: "/trace" });
    expect(response.status).toBe(200);
    const headers = response.upstream!.headers;
    expect(headers["x-request-id"]).toMatch(UUID_V4);
    expect(headers["x-b3-traceid"]).toMatch(/^[0-9a-f]{32}$/);
    expect(headers["x-b3-spanid"]).toMatch(/^[0-9a-f]{16}$/);
    expect(headers["x-b3-sampled"]).toBe("1");
    expect(headers.traceparent).toBe(`00-${headers["x-b3-traceid"]}-${headers["x-b3-spanid"]}-01`);
  });

  it("propagates trace headers that arrived untouched", async () => {
    const incoming = {
      "x-b3-traceid": "463ac35c9f6413ad48485a3953bb6124",
      "x-b3-spanid": "a2fb4a1d1a96d312",
      "x-b3-sampled": "0",
      traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    };
    const response = await target.request({ path: "/trace", headers: incoming });
    expect(response.upstream!.headers).toMatchObject(incoming);
  });

  it("draws a new trace per request", async () => {
    const first = await target.request({ path: "/trace" });
    const second = await target.request({ path: "/trace" });
    expect(first.upstream!.headers["x-b3-traceid"]).not.toBe(second.upstream!.headers["x-b3-traceid"]);
  });

  it("logs a JSON line only for requests that satisfy the filter expression", async () => {
    const before = accessLogLines(await target.wasmLogs()).length;
    await target.request({ path: "/quiet", headers: { "x-team": "search" } });
    await target.request({ path: "/missing/item", headers: { "x-team": "search" } });
    await target.request({ path: "/debugged", headers: { "x-debug": "yes", "x-team": 'q"u\\o\tte' } });
    const lines = accessLogLines(await target.wasmLogs()).slice(before);
    expect(lines.map((line) => line.path)).toEqual(["/missing/item", "/debugged"]);
    expect(lines[0]).toMatchObject({ method: "GET", response_code: 404, team: "search" });
    expect(lines[1]).toMatchObject({ response_code: 200, team: 'q"u\\o\tte' });
    expect(lines[1]!.request_id).toMatch(UUID_V4);
    expect(typeof lines[1]!.duration_ms).toBe("number");
    expect(Object.keys(lines[1]!)).toEqual(["method", "path", "response_code", "duration_ms", "bytes_received", "bytes_sent", "request_id", "team"]);
  });

  it("logs a 40 KiB header of characters JSON escapes one by one (escaping allocates in proportion to the value)", async () => {
    // 40,960 escapes: built part by part, the line would pass Envoy's 1 GiB of VM memory within proxy_on_log.
    const team = '"\\'.repeat(20 * 1024);
    const before = accessLogLines(await target.wasmLogs()).length;
    const response = await target.request({ path: "/escaped", headers: { "x-debug": "yes", "x-team": team } });
    expect(response.trap).toBeNull();
    const lines = accessLogLines(await target.wasmLogs()).slice(before);
    expect(lines.map((line) => line.team)).toEqual([team]);
  });

  it("counts requests per label set", async () => {
    const before = await target.metrics();
    const countFor = (metrics: Map<string, number>, labels: Record<string, string>) => sumSeries(metrics, "envoyscript_requests_total", labels);
    await target.request({ path: "/a", headers: { "x-team": "alpha" } });
    await target.request({ path: "/b", headers: { "x-team": "alpha" } });
    await target.request({ path: "/missing", headers: { "x-team": "alpha" } });
    const after = await target.metrics();
    expect(countFor(after, { team: "alpha", response_code: "200", request_method: "GET" }) - countFor(before, { team: "alpha", response_code: "200" })).toBe(2);
    expect(countFor(after, { team: "alpha", response_code: "404" }) - countFor(before, { team: "alpha", response_code: "404" })).toBe(1);
    // Destination identity from node metadata; no mTLS, so no source principal.
    expect(countFor(after, { team: "alpha", destination_workload: "checkout", source_workload: "unknown" })).toBe(3);
  });
});

describe.each(scenarioBackends())("telemetry sampling and bad configuration on $name", (backend) => {
  it("marks new traces unsampled at 0 %", async () => {
    const target = await backend.start({ filters: [telemetry({ tracing: { format: "w3c", samplingPercentage: 0 } })] });
    try {
      const headers = (await target.request({ path: "/" })).upstream!.headers;
      expect(headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
      expect(headers["x-b3-traceid"]).toBeUndefined();
    } finally {
      await target.stop();
    }
  });

  it("reads a backslash as escaping the next character in an expression's string literal", async () => {
    // The literal "a\"b\\c" is the text a"b\c.
    const target = await backend.start({ filters: [telemetry({ accessLog: { filter: 'request.headers["x-q"] == "a\\"b\\\\c"' } })] });
    try {
      const before = accessLogLines(await target.wasmLogs()).length;
      await target.request({ path: "/literal", headers: { "x-q": 'a"b\\c' } });
      await target.request({ path: "/other", headers: { "x-q": "abc" } });
      const lines = accessLogLines(await target.wasmLogs()).slice(before);
      expect(lines.map((line) => line.path)).toEqual(["/literal"]);
    } finally {
      await target.stop();
    }
  });

  it("refuses a filter expression that does not parse", async () => {
    const start = backend.start({ filters: [telemetry({ accessLog: { filter: "response.code >= " } })] });
    await expect(start).rejects.toThrow();
  });
});
