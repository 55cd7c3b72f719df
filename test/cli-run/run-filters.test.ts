// `envoyscript run` with the filters of @envoyscript/filters, as their docs
// use it: routing-headers' destinations reach named upstreams through the
// route header, jwt-authz fetches its jwksUri from the upstream that serves
// it under Istio's cluster name (no jwksCluster), telemetry's labels are
// Prometheus labels, and a refused configuration prints the filter's line.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findSamples, parsePrometheus, realEnvoySkipped, startUpstream, type EchoedRequest, type UpstreamServer } from "@envoyscript/testkit";
import { RunProcess, runToExit, type RunReady } from "../../packages/cli/test/support/run-process.ts";
import { testIssuer } from "../istio/support/jwt-tokens.ts";
import { FILTERS_BUILD_DIR } from "../istio/support/paths.ts";

const scratch = mkdtempSync(path.join(tmpdir(), "envoyscript-run-filters-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const module = (name: string) => path.join(FILTERS_BUILD_DIR, `${name}.wasm`);
function configFile(name: string, configuration: object): string {
  const file = path.join(scratch, `${name}.json`);
  writeFileSync(file, JSON.stringify(configuration));
  return file;
}

const ISSUER = "https://issuer.example.com";
const JWKS_PATH = "/.well-known/jwks.json";

describe.skipIf(realEnvoySkipped())("envoyscript run with routing-headers, jwt-authz and telemetry", () => {
  const issuer = testIssuer("run-key");
  let v1: UpstreamServer;
  let v2: UpstreamServer;
  let keys: UpstreamServer;
  let run: RunProcess;
  let ready: RunReady;
  let listener: string;

  beforeAll(async () => {
    v1 = await startUpstream("v1");
    v2 = await startUpstream("v2");
    keys = await startUpstream("keys", (_request, _body, response) => {
      response.writeHead(200, { "content-type": "application/json" }).end(issuer.jwks);
    });
    const routing = configFile("routing", {
      rules: [
        { name: "canary", match: [{ headers: { "x-canary": { exact: "1" } } }], route: [{ destination: "v2" }] },
        { name: "default", route: [{ destination: "v1" }] },
      ],
    });
    // No jwksCluster: the filter calls outbound|<port>||<host> of the URI, as in a mesh.
    const jwt = configFile("jwt", { jwtRules: [{ issuer: ISSUER, jwksUri: `http://127.0.0.1:${keys.port}${JWKS_PATH}` }] });
    const telemetry = configFile("telemetry", { metrics: { dimensions: { team: 'request.headers["x-team"]' } } });
    run = new RunProcess([
      "--filter", module("jwt-authz"), "--config", jwt,
      "--filter", module("routing-headers"), "--config", routing,
      "--filter", module("telemetry"), "--config", telemetry,
      "--upstream", `v1=${v1.url}`, "--upstream", `v2=${v2.url}`, "--upstream", `keys=${keys.url}`,
      "--port", "0",
    ]);
    ready = await run.ready();
    listener = ready.listeners[0];
  });
  afterAll(async () => {
    await run?.stop();
    await Promise.all([v1, v2, keys].map((server) => server?.close()));
  });

  async function answeredBy(headers: Record<string, string>): Promise<string> {
    const response = await fetch(`${listener}/`, { headers });
    expect(response.status).toBe(200);
    return ((await response.json()) as EchoedRequest).upstream;
  }

  it("routing-headers' destinations are the named upstreams", async () => {
    expect(await answeredBy({})).toBe("v1");
    expect(await answeredBy({ "x-canary": "1" })).toBe("v2");
    // A client's own destination header is dropped by the filter, not obeyed.
    expect(await answeredBy({ "x-route-destination": "v2" })).toBe("v1");
  });

  it("jwt-authz fetches its jwksUri from the upstream serving it, by Istio's cluster name", async () => {
    const claims = { iss: ISSUER, sub: "alice", exp: Math.floor(Date.now() / 1000) + 3600 };
    const response = await fetch(`${listener}/`, { headers: { authorization: `Bearer ${issuer.sign(claims)}` } });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(keys.received.map((request) => request.path)).toContain(JWKS_PATH);
    const stranger = testIssuer("run-key");
    expect((await fetch(`${listener}/`, { headers: { authorization: `Bearer ${stranger.sign(claims)}` } })).status).toBe(401);
  });

  it("telemetry's custom dimension is a Prometheus label on /stats/prometheus", async () => {
    for (let i = 0; i < 3; i++) await answeredBy({ "x-team": "payments" });
    await answeredBy({ "x-team": "search" });
    const text = await (await fetch(`${ready.admin}/stats/prometheus`)).text();
    expect(text).toMatch(/^envoyscript_requests_total\{[^}]*team="payments"[^}]*\} 3$/m);
    const samples = parsePrometheus(text);
    expect(findSamples(samples, "envoyscript_requests_total", { team: "payments", response_code: "200", request_method: "GET" }).map((sample) => sample.value)).toEqual([3]);
    expect(findSamples(samples, "envoyscript_requests_total", { team: "search" }).map((sample) => sample.value)).toEqual([1]);
    expect(samples.filter((sample) => sample.name.includes("=.=") || (sample.name.includes("envoyscript_requests_total") && !("team" in sample.labels)))).toEqual([]);
  });
});

describe.skipIf(realEnvoySkipped())("envoyscript run with a configuration routing-headers refuses", () => {
  it("prints the filter's line first and alone and exits 1 within 5 s", async () => {
    const config = configFile("weights", { rules: [{ name: "split", route: [{ destination: "v1", weight: 90 }, { destination: "v2", weight: 5 }] }] });
    const exit = await runToExit(["--filter", module("routing-headers"), "--config", config, "--port", "0"]);
    expect(exit.code).toBe(1);
    expect(exit.elapsedMs).toBeLessThan(5_000);
    expect(exit.stderr.trim().split("\n")).toEqual([
      "starting Envoy through func-e ...",
      "routing-headers: rules[0].route: weights sum to 95, expected 100 [E_ROUTE_WEIGHTS]",
      "envoyscript run: Envoy did not start: a filter refused to start (above); run again with --verbose for Envoy's log",
    ]);
  });
});
