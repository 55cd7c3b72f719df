import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Host, type HostOptions } from "../../src/emulator/index.ts";
import { compileFixture } from "../fixtures/compile-fixture.ts";

let kitchen: Uint8Array;
beforeAll(async () => {
  kitchen = await compileFixture("kitchen");
});

async function kitchenOn(options: HostOptions = {}) {
  const host = new Host({ clock: { startTimeMs: 1_700_000_000_000 }, ...options });
  const plugin = await host.loadPlugin({ wasm: kitchen, rootId: "kitchen" });
  return { host, plugin };
}

describe("timers and the virtual clock", () => {
  it("keeps a paused stream waiting until the test advances time to the next tick", async () => {
    const { host, plugin } = await kitchenOn({ autoAdvanceTime: false });
    const stream = host.chain([plugin]).startRequest({ headers: { "x-action": "pause" } });
    host.clock.advance(49);
    expect(stream.completed).toBe(false);
    host.clock.advance(1);
    const result = await stream.finished;
    expect(result.status).toBe(200);
    expect(result.upstreamRequest!.headers["x-resumed-at-ms"]).toBe(String(1_700_000_000_050));
  });

  it("auto-advances virtual time for a request paused on a timer", async () => {
    const { host, plugin } = await kitchenOn();
    const before = Date.now();
    const result = await plugin.request({ headers: { "x-action": "pause" } });
    expect(result.upstreamRequest!.headers["x-resumed-at-ms"]).toBe(String(1_700_000_000_050));
    expect(host.clock.elapsedMs()).toBe(50);
    expect(Date.now() - before).toBeLessThan(5_000); // no real waiting (generous bound, not a benchmark)
  });

  it("reports a stream that nothing can resume", async () => {
    const { plugin } = await kitchenOn();
    const error = await plugin.request({ headers: { "x-action": "stop-buffer-headers" } }).catch((e: unknown) => e);
    expect((error as { code: string }).code).toBe("E_STREAM_STALLED");
  });

  it("answers proxy_get_current_time_nanoseconds from the clock", async () => {
    const { host, plugin } = await kitchenOn();
    host.clock.advance(1234);
    const result = await plugin.request({ headers: { "x-action": "time" } });
    expect(result.upstreamRequest!.headers["x-time-ms"]).toBe(String(1_700_000_001_234));
  });
});

describe("HTTP callouts", () => {
  it("answers a callout with the cluster's handler and delivers the response to the root context", async () => {
    const seen: string[] = [];
    const { host, plugin } = await kitchenOn({
      clusters: {
        auth: (request) => {
          seen.push(`${request.method} ${request.authority}${request.path} user=${request.headers["x-user"]}`);
          return { status: 200, body: `token-for-${request.headers["x-user"]}` };
        },
      },
    });
    const result = await plugin.request({ headers: { "x-action": "callout", "x-user": "ada" } });
    expect(seen).toEqual(["GET auth.local/check user=ada"]);
    expect(result.upstreamRequest!.headers["x-auth"]).toBe("token-for-ada");
    const line = host.logs.messages("info").find((message) => message.startsWith("callout response"))!;
    const [, receiver, stream] = /on context (\d+) for stream (\d+)/.exec(line)!;
    expect(Number(receiver)).toBe(plugin.rootContextId); // Envoy calls back the root context...
    expect(Number(stream)).not.toBe(plugin.rootContextId); // ...which routes it to the stream that made the call
  });

  it("lets the module deny the request from the callout response", async () => {
    const { plugin } = await kitchenOn({ clusters: { auth: () => ({ status: 401, body: "no" }) } });
    const result = await plugin.request({ headers: { "x-action": "callout" } });
    expect(result.status).toBe(403);
    expect(result.body).toBe("denied: 401 no");
  });

  it("answers BAD_ARGUMENT for an unknown cluster", async () => {
    const { plugin } = await kitchenOn();
    const result = await plugin.request({ headers: { "x-action": "callout" } });
    expect(result.status).toBe(500);
    expect(result.body).toBe("status 2");
  });

  it("times out on the virtual clock with a 504", async () => {
    const { host, plugin } = await kitchenOn({ clusters: { auth: () => ({ status: 200, body: "late", delayMs: 5_000 }) } });
    const result = await plugin.request({ headers: { "x-action": "callout", "x-timeout": "100" } });
    expect(result.body).toBe("denied: 504 upstream request timeout");
    expect(host.clock.elapsedMs()).toBe(100);
  });

  it("reports a connection failure with no headers and BROKEN_CONNECTION", async () => {
    const { plugin } = await kitchenOn({ clusters: { auth: () => ({ reset: true }) } });
    const result = await plugin.request({ headers: { "x-action": "callout" } });
    expect(result.status).toBe(502);
    expect(result.body).toBe("callout failed: 11:reset");
  });

  describe("forwarded to a real server", () => {
    let server: Server;
    let url: string;
    beforeAll(async () => {
      server = createServer((request, response) => response.end(`real:${request.headers["x-user"]}:${request.url}`));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("forwards the callout and hands back the server's answer", async () => {
      const { plugin } = await kitchenOn({ clusters: { auth: url } });
      const result = await plugin.request({ headers: { "x-action": "callout", "x-user": "lin" } });
      expect(result.upstreamRequest!.headers["x-auth"]).toBe("real:lin:/check");
    });
  });
});

describe("gRPC calls", () => {
  it("delivers a unary response through proxy_on_grpc_receive", async () => {
    const { plugin } = await kitchenOn({
      grpcServices: { grpc_cluster: { call: (call) => ({ response: `${call.service}/${call.method}:${Buffer.from(call.message).toString()}` }) } },
    });
    const result = await plugin.request({ headers: { "x-action": "grpc", "x-value": "ping" } });
    expect(result.upstreamRequest!.headers["x-grpc"]).toBe("pkg.Echo/Say:ping");
  });

  it("delivers a failure through proxy_on_grpc_close with the status readable", async () => {
    const { plugin } = await kitchenOn({ grpcServices: { grpc_cluster: { call: () => ({ status: 7, message: "nope" }) } } });
    const result = await plugin.request({ headers: { "x-action": "grpc" } });
    expect(result.status).toBe(503);
    expect(result.body).toBe("grpc 7:nope");
  });

  it("answers PARSE_FAILURE for an unknown gRPC cluster", async () => {
    const { plugin } = await kitchenOn();
    const result = await plugin.request({ headers: { "x-action": "grpc" } });
    expect(result.body).toBe("status 4");
  });
});
