// Aborts for a share of matching requests, HTTP and gRPC, on every backend.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarioBackends, type ScenarioTarget } from "@envoyscript/testkit";
import { CHAOS_HEADERS, CHAOS_MATCH, METRIC, binomialBounds, countStatus, faultSetup, metric, sendMany } from "./support/setup.ts";

const GRPC = { "content-type": "application/grpc" };

const setup = faultSetup({
  faults: [
    { match: CHAOS_MATCH, abort: { httpStatus: 503, percentage: { value: 10 } } },
    { match: [{ headers: { "x-fault": { exact: "grpc-status" } } }], abort: { grpcStatus: "UNAVAILABLE" } },
    { match: [{ headers: { "x-fault": { exact: "http-status" } } }], abort: { httpStatus: 429, percentage: 100 } },
    { match: [{ headers: { "x-fault": { exact: "both" } } }], abort: { httpStatus: 418, grpcStatus: 9 } },
  ],
});

describe.each(scenarioBackends())("fault-injection aborts on $name", (backend) => {
  let target: ScenarioTarget;
  beforeAll(async () => {
    target = await backend.start(setup);
  });
  afterAll(async () => target?.stop());

  it("aborts 10% of 2,000 matching requests (within 4.5 sigma) and counts exactly those", async () => {
    const before = await metric(target, METRIC.aborts);
    const responses = await sendMany(target, 2000, (i) => ({ path: `/item/${i}`, headers: CHAOS_HEADERS }));
    const aborted = responses.filter((response) => response.status === 503);
    const { low, high } = binomialBounds(2000, 0.1);
    expect(aborted.length).toBeGreaterThanOrEqual(low);
    expect(aborted.length).toBeLessThanOrEqual(high);
    expect(aborted.every((response) => response.upstream === null && response.body === "fault filter abort")).toBe(true);
    expect(countStatus(responses, 200) + aborted.length).toBe(2000);
    expect(responses.filter((response) => response.status === 200).every((response) => response.upstream !== null)).toBe(true);
    expect((await metric(target, METRIC.aborts)) - before).toBe(aborted.length);
  });

  it("never touches requests the match does not select", async () => {
    const before = await metric(target, METRIC.aborts);
    const responses = await sendMany(target, 200, (i) => ({ path: `/plain/${i}`, headers: { "x-chaos-test": "false" } }));
    expect(countStatus(responses, 200)).toBe(200);
    expect(await metric(target, METRIC.aborts)).toBe(before);
  });

  it("answers a gRPC request with HTTP 200 and the configured grpc-status", async () => {
    const response = await target.request({ method: "POST", path: "/pkg.Service/Call", headers: { ...GRPC, "x-fault": "grpc-status" } });
    expect(response.status).toBe(200);
    expect(response.headers["grpc-status"]).toBe("14");
    expect(response.upstream).toBeNull();
  });

  it("maps a gRPC-only abort to its HTTP status for plain HTTP requests", async () => {
    const response = await target.request({ path: "/", headers: { "x-fault": "grpc-status" } });
    expect(response.status).toBe(503);
    expect(response.upstream).toBeNull();
  });

  it("maps an HTTP-only abort to a gRPC status for gRPC requests", async () => {
    const http = await target.request({ path: "/", headers: { "x-fault": "http-status" } });
    expect(http.status).toBe(429);
    const grpc = await target.request({ method: "POST", path: "/pkg.Service/Call", headers: { "content-type": "application/grpc+proto", "x-fault": "http-status" } });
    expect(grpc.status).toBe(200);
    expect(grpc.headers["grpc-status"]).toBe("14");
  });

  it("uses httpStatus for HTTP and grpcStatus for gRPC when both are configured", async () => {
    const http = await target.request({ path: "/", headers: { "x-fault": "both" } });
    expect(http.status).toBe(418);
    const grpc = await target.request({ method: "POST", path: "/pkg.Service/Call", headers: { ...GRPC, "x-fault": "both" } });
    expect(grpc.status).toBe(200);
    expect(grpc.headers["grpc-status"]).toBe("9");
  });
});

// The rules read one header: its absence is settled at configure time. A rule
// that holds precisely when the header is absent must still fire.
const absentSetup = faultSetup({
  faults: [{ match: [{ withoutHeaders: { "x-load-test": { present: true } } }], abort: { httpStatus: 418, percentage: 100 } }],
});

describe.each(scenarioBackends())("fault-injection on $name, a rule on a header's absence", (backend) => {
  let target: ScenarioTarget;
  beforeAll(async () => {
    target = await backend.start(absentSetup);
  });
  afterAll(async () => target?.stop());

  it("aborts requests without the header and lets those with it through", async () => {
    expect((await target.request({ path: "/without" })).status).toBe(418);
    const tagged = await target.request({ path: "/with", headers: { "x-load-test": "1" } });
    expect(tagged.status).toBe(200);
    expect(tagged.upstream).not.toBeNull();
  });
});
