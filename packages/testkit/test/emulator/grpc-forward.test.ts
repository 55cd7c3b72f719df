// gRPC clusters served by a real gRPC server (@grpc/grpc-js on loopback):
// the emulator forwards the module's calls over HTTP/2 and hands back what
// the server answered, as Envoy's gRPC client does.
import { Server, ServerCredentials, status, type ServiceError } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Host } from "../../src/emulator/index.ts";
import { compileFixture } from "../fixtures/compile-fixture.ts";

const bytes = (buffer: Buffer): Buffer => buffer;
const say = { path: "/pkg.Echo/Say", requestStream: false, responseStream: false, requestSerialize: bytes, requestDeserialize: bytes, responseSerialize: bytes, responseDeserialize: bytes };

let server: Server;
let address: string;
let kitchen: Uint8Array;

beforeAll(async () => {
  kitchen = await compileFixture("kitchen");
  server = new Server();
  server.addService({ Say: say }, {
    Say: (call: { request: Buffer }, callback: (error: Partial<ServiceError> | null, response?: Buffer) => void) => {
      const text = call.request.toString();
      if (text === "fail") return callback({ code: status.PERMISSION_DENIED, details: "not you" });
      callback(null, Buffer.from(`real:${text}`));
    },
  });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
  address = `127.0.0.1:${port}`;
});
afterAll(() => server?.forceShutdown());

async function kitchenWith(grpcTarget: string) {
  const host = new Host({ grpcServices: { grpc_cluster: grpcTarget } });
  const plugin = await host.loadPlugin({ wasm: kitchen, rootId: "kitchen" });
  return { host, plugin };
}

describe("a gRPC cluster forwarded to a real server", () => {
  it("hands the server's answer to proxy_on_grpc_receive", async () => {
    const { host, plugin } = await kitchenWith(address);
    const result = await plugin.request({ headers: { "x-action": "grpc", "x-value": "ping" } });
    expect(result.upstreamRequest!.headers["x-grpc"]).toBe("real:ping");
    host.close();
  });

  it("hands the server's status and message to proxy_on_grpc_close", async () => {
    const { host, plugin } = await kitchenWith(address);
    const result = await plugin.request({ headers: { "x-action": "grpc", "x-value": "fail" } });
    expect([result.status, result.body]).toEqual([503, `grpc ${status.PERMISSION_DENIED}:not you`]);
    host.close();
  });

  it("closes the call UNAVAILABLE when no server listens there", async () => {
    const { host, plugin } = await kitchenWith("127.0.0.1:1");
    const result = await plugin.request({ headers: { "x-action": "grpc", "x-value": "ping" } });
    expect(result.status).toBe(503);
    expect(result.body).toMatch(/^grpc 14:/);
    host.close();
  });
});
