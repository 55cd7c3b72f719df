import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareBackends, emulatorBackend, realEnvoySkipped, scenarioBackends, ScenarioError, type FilterSetup, type ScenarioRequest } from "@envoyscript/testkit";
import { startConformanceGrpcServer, type ConformanceGrpcServer } from "./grpc-server.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const module = path.join(here, "..", "build", "abi-conformance.wasm");
const GRPC_CLUSTER = "conformance_grpc";

/** The HTTP filter and the network filter of the module, a callout cluster, and the real gRPC server. */
function conformanceSetup(grpc: ConformanceGrpcServer): FilterSetup {
  return {
    filters: [{ module, rootId: "abi-conformance", configuration: { httpCluster: "callout", grpcCluster: GRPC_CLUSTER } }],
    networkFilter: { module, rootId: "abi-conformance-tcp" },
    calloutClusters: { callout: () => ({ status: 200, headers: { "x-callout": "yes" }, body: "callout-body" }) },
    grpcServers: { [GRPC_CLUSTER]: grpc.address },
  };
}

/** Requests that between them reach every hostcall the HTTP side of the module makes. */
const requests: ScenarioRequest[] = [
  { path: "/conformance?x=1", headers: { "x-conformance-input": "in", "x-conformance-removed": "gone", "x-conformance-replaced": "old" } },
  { method: "POST", path: "/body", headers: { "x-conformance-rewrite-body": "1", "content-type": "text/plain" }, body: "request-body" },
  { path: "/callout", headers: { "x-conformance-callout": "1" } },
  { path: "/grpc", headers: { "x-conformance-grpc": "1" } },
  { path: "/local", headers: { "x-conformance-local-reply": "http" } },
  { path: "/local-grpc", headers: { "x-conformance-local-reply": "grpc", "content-type": "application/grpc" } },
  { path: "/close", headers: { "x-conformance-close": "1" } },
];
/** Requests whose response carries the module's check count. */
const CHECKED = ["/conformance?x=1", "/body", "/callout", "/grpc"];

/** What the TCP side is driven with: each list one connection, each string one write. */
const tcpConversations = [["hello"], ["first", "second"]];

/** Per-request observations; VM and plugin start lines differ in number (Envoy starts one VM per thread). */
const perRequest = (line: string) => line.startsWith("conformance: ") && !/proxy_on_(vm_start|configure|context_create -> root)|plugin_configuration|vm_configuration|proxy_(define_metric|register_shared_queue|resolve_shared_queue|call_foreign_function\(missing\)|set_tick_period)|proxy_get_property\(plugin_|proxy_get_log_level -> ok/.test(line);

describe("ABI conformance module", () => {
  let grpc: ConformanceGrpcServer;
  beforeAll(async () => {
    grpc = await startConformanceGrpcServer();
  });
  afterAll(() => grpc?.close());

  it.each(scenarioBackends())("passes every check on $name", async (backend) => {
    const target = await backend.start(conformanceSetup(grpc));
    try {
      for (const request of requests.filter((request) => CHECKED.includes(request.path!))) {
        const response = await target.request(request);
        expect(response.headers["x-conformance-failed"], `${request.path} on ${backend.name}`).toBeUndefined();
        const [passed, total] = (response.headers["x-conformance-checks"] ?? "0/1").split("/");
        expect(Number(passed)).toBeGreaterThan(0);
        expect(passed).toBe(total);
      }
      expect((await target.request({ path: "/local", headers: { "x-conformance-local-reply": "http" } })).status).toBe(418);
      expect(await target.request({ path: "/close", headers: { "x-conformance-close": "1" } })).toMatchObject({ status: 0, reset: true });
      expect(await target.tcpConversation(["hello"])).toEqual({ reply: "hello[conformance]", closedByProxy: false });
    } finally {
      await target.stop();
    }
  });

  // Parity needs real Envoy: skipped only when the user opts out with ENVOYSCRIPT_SKIP_ENVOY=1.
  it.skipIf(realEnvoySkipped())("makes the same observations in the emulator and in real Envoy, gRPC, close_stream and TCP included", async () => {
    grpc.received.length = 0;
    const report = await compareBackends(conformanceSetup(grpc), requests, scenarioBackends(), { logFilter: perRequest, tcpConversations });
    expect(report.differences).toEqual([]);
    const observed = report.logs.emulator!;
    expect(observed.length).toBeGreaterThan(50);
    expect(observed).toEqual(
      expect.arrayContaining([
        'conformance: proxy_on_grpc_receive(call) -> "conformance"',
        "conformance: proxy_on_grpc_receive_initial_metadata(stream) -> content-type=present",
        'conformance: proxy_on_grpc_receive(stream) -> "conformance"',
        expect.stringMatching(/^conformance: proxy_on_grpc_receive_trailing_metadata\(stream\) -> count=\d+ grpc-status="0"$/),
        "conformance: proxy_on_grpc_close(stream) -> OK",
        "conformance: proxy_close_stream(request) -> OK",
        "conformance: proxy_on_new_connection -> source.address present",
        'conformance: proxy_on_downstream_data -> "hello"',
        "conformance: proxy_on_upstream_data -> size=5",
        "conformance: proxy_on_upstream_connection_close -> called",
        "conformance: proxy_on_downstream_connection_close -> called",
      ]),
    );
    expect(report.conversations.emulator).toEqual([
      { reply: "hello[conformance]", closedByProxy: false },
      { reply: "first[conformance]second[conformance]", closedByProxy: false },
    ]);
    // Both backends reached the real server: each sent the unary call and the stream's message.
    expect(grpc.received.filter((call) => call === "EchoStream conformance")).toHaveLength(2);
    expect(grpc.received.filter((call) => call === "Echo conformance").length).toBeGreaterThanOrEqual(2);
  });
});

describe("parity that cannot pass by accident", () => {
  it("refuses to compare fewer than two backends", async () => {
    for (const backends of [[], [emulatorBackend], [emulatorBackend, emulatorBackend]]) {
      const error = await compareBackends({ filters: [] }, [], backends).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ScenarioError);
      expect((error as ScenarioError).code).toBe("E_PARITY_NEEDS_TWO_BACKENDS");
    }
  });

  it("has the emulator refuse native filters instead of leaving them out", async () => {
    const setup: FilterSetup = { filters: [{ module, rootId: "abi-conformance" }], nativeFiltersBefore: [{ name: "envoy.filters.http.buffer", typed_config: {} }] };
    const error = await emulatorBackend.start(setup).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).code).toBe("E_EMULATOR_UNSUPPORTED");
    expect((error as Error).message).toContain("envoy.filters.http.buffer");
  });
});
