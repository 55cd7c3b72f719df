import { beforeAll, describe, expect, it } from "vitest";
import { Host } from "../../src/emulator/index.ts";
import { compileFixture } from "../fixtures/compile-fixture.ts";

let tcp: Uint8Array;
beforeAll(async () => {
  tcp = await compileFixture("tcp");
});

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString();

describe("TCP connections", () => {
  it("passes data both ways through the network filter", async () => {
    const host = new Host();
    const plugin = await host.loadPlugin({ wasm: tcp });
    const connection = plugin.tcpConnection();
    expect(connection.accepted).toBe(true);
    connection.sendFromDownstream("ping\n");
    connection.sendFromUpstream("pong\n");
    expect(text(connection.toUpstream.bytes())).toBe("[wasm]ping\n");
    expect(text(connection.toDownstream.bytes())).toBe("PONG\n");
  });

  it("holds data while the filter stops, then offers it the accumulated buffer", async () => {
    const host = new Host();
    const plugin = await host.loadPlugin({ wasm: tcp });
    const connection = plugin.tcpConnection();
    expect(connection.sendFromDownstream("hold ")).toBe(1);
    expect(connection.toUpstream.length).toBe(0);
    expect(connection.sendFromDownstream("this\n")).toBe(0);
    expect(text(connection.toUpstream.bytes())).toBe("[wasm]hold this\n");
  });

  it("reports closes and ends the context with done, log, delete", async () => {
    const host = new Host();
    const plugin = await host.loadPlugin({ wasm: tcp });
    const connection = plugin.tcpConnection();
    const id = connection.contextId;
    connection.closeUpstream();
    connection.closeDownstream("local");
    expect(connection.closed).toBe(true);
    expect(host.logs.messages("info")).toEqual([`new connection ${id}`, "upstream closed peer=2", "downstream closed peer=1", `done ${id}`, `log ${id}`, `delete ${id}`]);
  });
});
