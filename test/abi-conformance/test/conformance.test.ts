import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compareBackends, realEnvoySkipped, scenarioBackends, type FilterSetup, type ScenarioRequest } from "@envoyscript/testkit";

const here = path.dirname(fileURLToPath(import.meta.url));
const module = path.join(here, "..", "build", "abi-conformance.wasm");

const setup: FilterSetup = {
  filters: [{ module, rootId: "abi-conformance", configuration: { httpCluster: "callout" } }],
  calloutClusters: { callout: () => ({ status: 200, headers: { "x-callout": "yes" }, body: "callout-body" }) },
};

/** Requests that between them reach every hostcall the HTTP side of the module makes. */
const requests: ScenarioRequest[] = [
  { path: "/conformance?x=1", headers: { "x-conformance-input": "in", "x-conformance-removed": "gone", "x-conformance-replaced": "old" } },
  { method: "POST", path: "/body", headers: { "x-conformance-rewrite-body": "1", "content-type": "text/plain" }, body: "request-body" },
  { path: "/callout", headers: { "x-conformance-callout": "1" } },
  { path: "/local", headers: { "x-conformance-local-reply": "http" } },
  { path: "/local-grpc", headers: { "x-conformance-local-reply": "grpc", "content-type": "application/grpc" } },
];

/** Per-request observations; VM and plugin start lines differ in number (Envoy starts one VM per thread). */
const perRequest = (line: string) => line.startsWith("conformance: ") && !/proxy_on_(vm_start|configure|context_create -> root)|plugin_configuration|vm_configuration|proxy_(define_metric|register_shared_queue|resolve_shared_queue|call_foreign_function\(missing\)|set_tick_period)|proxy_get_property\(plugin_|proxy_get_log_level -> ok/.test(line);

describe("ABI conformance module", () => {
  it.each(scenarioBackends())("passes every check on $name", async (backend) => {
    const target = await backend.start(setup);
    try {
      for (const request of requests.slice(0, 3)) {
        const response = await target.request(request);
        expect(response.headers["x-conformance-failed"], `${request.path} on ${backend.name}`).toBeUndefined();
        const [passed, total] = (response.headers["x-conformance-checks"] ?? "0/1").split("/");
        expect(Number(passed)).toBeGreaterThan(0);
        expect(passed).toBe(total);
      }
      expect((await target.request(requests[3])).status).toBe(418);
    } finally {
      await target.stop();
    }
  });

  // Parity needs real Envoy: skipped only when the user opts out with ENVOYSCRIPT_SKIP_ENVOY=1.
  it.skipIf(realEnvoySkipped())("makes the same observations in the emulator and in real Envoy", async () => {
    const backends = scenarioBackends();
    const report = await compareBackends(setup, requests, backends, { logFilter: perRequest });
    expect(report.logs.emulator.length).toBeGreaterThan(50);
    expect(report.differences).toEqual([]);
  });
});
