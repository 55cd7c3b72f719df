import { beforeAll, describe, expect, it } from "vitest";
import { Host, type Plugin, type PluginOptions } from "../../src/emulator/index.ts";
import { compileFixture } from "../fixtures/compile-fixture.ts";

let kitchen: Uint8Array;
beforeAll(async () => {
  kitchen = await compileFixture("kitchen");
});

async function kitchenPlugin(options: PluginOptions & { bufferLimitBytes?: number } = {}): Promise<{ host: Host; plugin: Plugin }> {
  const host = new Host({ bufferLimitBytes: options.bufferLimitBytes });
  const plugin = await host.loadPlugin({ wasm: kitchen, rootId: "kitchen", ...options });
  return { host, plugin };
}

describe("HTTP streams", () => {
  it("lets the upstream see headers the filter added, lower-cased, with Envoy's pseudo-headers", async () => {
    const { plugin } = await kitchenPlugin({ configuration: "c1" });
    const result = await plugin.request({ method: "POST", path: "/items?x=1", authority: "api.local", headers: { "X-Custom": "A" }, body: "payload" });
    const upstream = result.upstreamRequest!;
    expect(upstream.method).toBe("POST");
    expect(upstream.path).toBe("/items?x=1");
    expect(upstream.authority).toBe("api.local");
    expect(upstream.headers).toMatchObject({ "x-custom": "A", "x-kitchen-request": "seen", "x-config": "c1", "content-length": "7" });
    expect(upstream.headerList.slice(0, 4).map(([key]) => key)).toEqual([":authority", ":path", ":method", ":scheme"]);
    expect(upstream.body).toBe("payload");
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ method: "POST", path: "/items?x=1", body: "payload", headers: { host: "api.local", "x-config": "c1" } });
    expect(result.headers["x-kitchen-response"]).toBe("seen");
    expect(result.localReply).toBe(false);
    expect(result.details).toBe("via_upstream");
  });

  it("hides the request headers from a filter once it let them through (Envoy behaviour)", async () => {
    const { plugin } = await kitchenPlugin();
    const result = await plugin.request({ path: "/visible" });
    expect(result.headers["x-request-path-visible"]).toBe("status-2"); // BAD_ARGUMENT in on_response_headers
  });

  it("answers with the module's local response and never reaches the upstream", async () => {
    const { host, plugin } = await kitchenPlugin();
    const result = await plugin.request({ path: "/secret", headers: { "x-action": "local-reply" } });
    expect(result.status).toBe(403);
    expect(result.body).toBe("forbidden\n");
    expect(result.headers).toMatchObject({ "x-reason": "kitchen", "content-type": "text/plain", "content-length": "10" });
    expect(result.localReply).toBe(true);
    expect(result.upstreamRequest).toBeNull();
    expect(result.details).toBe("denied_by_kitchen");
    // The local reply still runs through the filter's response path, and the access log sees it.
    expect(result.headers["x-kitchen-response"]).toBe("seen");
    expect(host.logs.messages("info")).toContain("access /secret 403");
  });

  it("turns a local reply to a gRPC request into a gRPC status", async () => {
    const { plugin } = await kitchenPlugin();
    const result = await plugin.request({ method: "POST", headers: { "x-action": "local-reply", "content-type": "application/grpc" }, body: "\u0000" });
    expect(result.status).toBe(200);
    expect(result.headers["grpc-status"]).toBe("7");
    expect(result.headers["grpc-message"]).toBe("forbidden%0A");
  });

  it("replaces the response with a local reply sent from the response path", async () => {
    const { plugin } = await kitchenPlugin();
    const result = await plugin.request({ headers: { "x-action": "response-local-reply" } });
    expect(result.status).toBe(502);
    expect(result.body).toBe("replaced");
    expect(result.upstreamRequest).not.toBeNull();
    expect(result.localReply).toBe(true);
  });

  it("re-offers the accumulated body to a filter that buffers, then lets the rewritten body through", async () => {
    const { host, plugin } = await kitchenPlugin();
    const result = await plugin.request({ method: "POST", headers: { "x-action": "buffer" }, body: ["abc", "de", "f"] });
    expect(result.upstreamRequest!.body).toBe("buffered(6):abcdef");
    expect(host.logs.messages("info")).toContain("request headers visible in body: no");
  });

  it("answers 413 when a buffering filter's request body passes the buffer limit", async () => {
    const { plugin } = await kitchenPlugin({ bufferLimitBytes: 8 });
    const result = await plugin.request({ method: "POST", headers: { "x-action": "buffer" }, body: ["12345", "67890"] });
    expect(result.status).toBe(413);
    expect(result.body).toBe("Payload Too Large");
    expect(result.details).toBe("request_payload_too_large");
    expect(result.upstreamRequest).toBeNull();
  });

  it("keeps bodies under the limit flowing", async () => {
    const { plugin } = await kitchenPlugin({ bufferLimitBytes: 8 });
    const result = await plugin.request({ method: "POST", headers: { "x-action": "buffer" }, body: ["1234", "5678"] });
    expect(result.status).toBe(200);
  });

  it("rewrites a buffered response body", async () => {
    const { plugin } = await kitchenPlugin();
    const result = await plugin.request({ headers: { "x-action": "rewrite-response" } }, { upstream: () => ({ body: ["hello ", "world"] }) });
    expect(result.body).toBe("rewritten:HELLO WORLD");
  });

  it("passes trailers both ways", async () => {
    const { plugin } = await kitchenPlugin();
    const result = await plugin.request(
      { method: "POST", body: "x", trailers: { "x-checksum": "abc" } },
      { upstream: (request) => ({ body: "ok", trailers: { "x-upstream-trailer": request.trailers!["x-checksum"]! } }) },
    );
    expect(result.trailers).toEqual({ "x-upstream-trailer": "abc" });
  });

  it("resets the stream on proxy_close_stream", async () => {
    const { plugin } = await kitchenPlugin();
    const result = await plugin.request({ headers: { "x-action": "close" } });
    expect(result.reset).toBe(true);
    expect(result.status).toBe(0);
    expect(result.upstreamRequest).toBeNull();
  });

  it("answers 503 after a trap, marks the VM failed and fails later requests closed", async () => {
    const { host, plugin } = await kitchenPlugin();
    const trapped = await plugin.request({ headers: { "x-action": "trap" } });
    expect(trapped.status).toBe(503);
    expect(trapped.trapped).toBe(true);
    expect(trapped.details).toBe("wasm_fail_stream");
    expect(plugin.failed).toBe(true);
    expect(host.logs.byLevel("critical")[0]!.message).toContain("proxy_on_request_headers failed");
    const later = await plugin.request({ path: "/later" });
    expect(later.status).toBe(503);
    expect(later.trapped).toBe(false);
    expect(later.upstreamRequest).toBeNull();
  });

  it("lets requests through untouched after a trap when the plugin fails open", async () => {
    const { plugin } = await kitchenPlugin({ failurePolicy: "open" });
    await plugin.request({ headers: { "x-action": "trap" } });
    const later = await plugin.request({ path: "/later" });
    expect(later.status).toBe(200);
    expect(later.upstreamRequest!.headers["x-kitchen-request"]).toBeUndefined();
    expect(later.headers["x-kitchen-response"]).toBeUndefined();
  });

  it("answers 503 for a trap in the response path", async () => {
    const { plugin } = await kitchenPlugin();
    const result = await plugin.request({ headers: { "x-action": "trap-response" } });
    expect(result.status).toBe(503);
    expect(result.trapped).toBe(true);
    expect(result.upstreamRequest).not.toBeNull();
  });

  it("calls proxy_on_log, then proxy_on_done and proxy_on_delete for every stream", async () => {
    const { host, plugin } = await kitchenPlugin();
    await plugin.request({ path: "/a" });
    await plugin.request({ path: "/b", headers: { "x-action": "local-reply" } });
    expect(host.logs.messages("info").filter((line) => line.startsWith("access"))).toEqual(["access /a 200", "access /b 403"]);
    expect(host.metrics.value("kitchen_active_streams")).toBe(0);
    expect(plugin.vm.contextCount).toBe(2); // the VM context and the root context remain
  });
});

describe("filter chains and routes", () => {
  it("runs requests through plugins in order and responses in reverse, across VMs", async () => {
    const host = new Host();
    const outer = await host.loadPlugin({ wasm: kitchen, rootId: "outer", configuration: "outer" });
    const inner = await host.loadPlugin({ wasm: kitchen, rootId: "inner", configuration: "inner" });
    const result = await host.chain([outer, inner]).request({ path: "/chain" });
    // `replace` by the inner (second) filter wins on the request path.
    expect(result.upstreamRequest!.headers["x-config"]).toBe("inner");
    expect(result.upstreamRequest!.headers["x-kitchen-request"]).toBe("seen, seen");
    expect(result.headers["x-kitchen-response"]).toBe("seen, seen");
  });

  it("stops the chain at a filter's local reply; later filters still get their access log", async () => {
    const host = new Host();
    const first = await host.loadPlugin({ wasm: kitchen, rootId: "first" });
    const second = await host.loadPlugin({ wasm: kitchen, rootId: "second" });
    const result = await host.chain([first, second]).request({ path: "/deny", headers: { "x-action": "local-reply" } });
    expect(result.status).toBe(403);
    // Only the first filter saw the response (the second was never reached).
    expect(result.headers["x-kitchen-response"]).toBe("seen");
    expect(host.logs.forPlugin("second").map((entry) => entry.message)).toEqual(["vm config: ", "configured: ", "access /deny 403"]);
  });

  it("picks the upstream by a header value, after the filters ran", async () => {
    const { plugin } = await kitchenPlugin({ configuration: "blue" });
    const routes = { header: "x-config", upstreams: { blue: () => ({ body: "blue upstream" }), green: () => ({ body: "green upstream" }) } };
    expect((await plugin.request({}, { routes })).body).toBe("blue upstream");
    const noRoute = await plugin.request({}, { routes: { header: "x-config", upstreams: {} } });
    expect(noRoute.status).toBe(404);
    expect(noRoute.details).toBe("route_not_found");
  });

  it("waits for an async upstream", async () => {
    const { plugin } = await kitchenPlugin();
    const result = await plugin.request({}, { upstream: async () => ({ status: 201, headers: { "x-async": "yes" }, body: "made" }) });
    expect(result.status).toBe(201);
    expect(result.headers["x-async"]).toBe("yes");
  });

  it("reports an upstream handler that throws", async () => {
    const { plugin } = await kitchenPlugin();
    const error = await plugin.request({}, { upstream: () => { throw new Error("boom"); } }).catch((e: unknown) => e);
    expect((error as { code: string }).code).toBe("E_UPSTREAM_FAILED");
  });
});
