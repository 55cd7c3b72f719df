// The emulator's promise is to load any module Envoy loads: here a module
// built with the proxy-wasm Go SDK for Go's wasip1 target (the benchmark's
// routing-headers peer), whose Go runtime imports WASI functions an
// AssemblyScript module never does. Same requests on both backends, same
// observations (responses, upstream requests, logs, metrics).
import { beforeAll, describe, expect, it } from "vitest";
import { compareBackends, realEnvoySkipped, scenarioBackends, type FilterSetup, type ScenarioRequest } from "@envoyscript/testkit";
import { buildGoPeer, GO_ROUTING_CONFIG } from "../../packages/testkit/test/fixtures/go-peer.ts";

let setup: FilterSetup;

beforeAll(async () => {
  const module = await buildGoPeer("routing-headers");
  setup = { filters: [{ module, rootId: "routing-headers", configuration: GO_ROUTING_CONFIG }] };
});

const requests: ScenarioRequest[] = [
  { path: "/api/items", headers: { "x-internal-debug": "1" } },
  { method: "POST", path: "/other", headers: { "x-internal-debug": "1", "content-type": "text/plain" }, body: "payload" },
  { path: "/", headers: { "end-user": "jason" } },
];

describe("a Go SDK (wasip1) module", () => {
  // Parity needs real Envoy: skipped only when the user opts out with ENVOYSCRIPT_SKIP_ENVOY=1.
  it.skipIf(realEnvoySkipped())("behaves the same in the emulator and in real Envoy", async () => {
    const backends = scenarioBackends();
    const report = await compareBackends(setup, requests, backends);
    expect(report.differences).toEqual([]);
    // The filter ran on both: the rules it routed by reached the upstream.
    const destinations = report.observations.emulator!.map((observation) => observation.upstream?.headers["x-route-destination"]);
    expect(destinations).toEqual(["v3", "v1", "v2"]);
    expect(report.metrics.emulator).toMatchObject({ "routing_headers_go.rule.api-v3": 1, "routing_headers_go.rule.default": 1, "routing_headers_go.rule.jason-to-v2": 1 });
  });
});
