import net, { type AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Host, realEnvoySkipped, startEnvoy, validateEnvoyConfig } from "@envoyscript/testkit";

const here = path.dirname(fileURLToPath(import.meta.url));
const module = path.join(here, "..", "build", "tcp-filter.wasm");
const rootId = "tcp-filter";
const CONFIG = { denyPrefix: "BLOCK" };

// The scenario API is HTTP-only: this file runs the same TCP scenarios on two
// small backends of its own, the emulator's TCP connections and a real Envoy
// with tcp_proxy, both in front of an echo upstream.

interface Conversation {
  /** What came back to the client (the echo of what the upstream got). */
  readonly reply: string;
  /** The proxy closed the connection before the client was done. */
  readonly closedByProxy: boolean;
}

interface TcpTarget {
  /** Sends `chunks` one after the other to an echo upstream, then closes. */
  converse(chunks: string[]): Promise<Conversation>;
  /** The filter's log lines, once `line` is among them. */
  logsWith(line: string): Promise<string[]>;
  metric(name: string): Promise<number>;
  stop(): Promise<void>;
}

interface TcpBackend {
  readonly name: string;
  start(): Promise<TcpTarget>;
}

const emulator: TcpBackend = {
  name: "emulator",
  async start() {
    const host = new Host();
    const plugin = await host.loadPlugin({ wasm: module, rootId, configuration: CONFIG });
    return {
      async converse(chunks) {
        const connection = plugin.tcpConnection();
        for (const chunk of chunks) if (!connection.closed) connection.sendFromDownstream(chunk);
        const closedByProxy = connection.closedBy === "downstream";
        if (!connection.closed) {
          connection.sendFromUpstream(connection.toUpstream.bytes());
          connection.closeDownstream();
        }
        return { reply: Buffer.from(connection.toDownstream.bytes()).toString(), closedByProxy };
      },
      logsWith: async () => host.logs.messages(),
      metric: async (name) => host.metrics.value(name) ?? 0,
      stop: async () => undefined,
    };
  },
};

const envoy: TcpBackend = {
  name: "envoy",
  async start() {
    const upstream = await startEchoServer();
    const instance = await startEnvoy({ bootstrap: tcpProxyBootstrap(upstream.port), filters: [], upstreams: [] }).catch(async (error: Error) => {
      await upstream.close();
      throw error;
    });
    return {
      converse: (chunks) => converse(instance.listenerPort, chunks),
      async logsWith(line) {
        await instance.waitForLog(new RegExp(line.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
        return instance.wasmLogs();
      },
      metric: async (name) => (await instance.stats("^wasmcustom\\.")).get(`wasmcustom.${name}`) ?? 0,
      async stop() {
        await instance.stop();
        await upstream.close();
      },
    };
  },
};

/** A listener named "ingress" (the harness reads its port) with the wasm network filter before tcp_proxy. */
function tcpProxyBootstrap(upstreamPort: number): Record<string, unknown> {
  const address = (port: number) => ({ socket_address: { address: "127.0.0.1", port_value: port } });
  return {
    admin: { address: address(0) },
    static_resources: {
      listeners: [
        {
          name: "ingress",
          address: address(0),
          filter_chains: [
            {
              filters: [
                {
                  name: "envoy.filters.network.wasm",
                  typed_config: {
                    "@type": "type.googleapis.com/envoy.extensions.filters.network.wasm.v3.Wasm",
                    config: {
                      name: rootId,
                      root_id: rootId,
                      configuration: { "@type": "type.googleapis.com/google.protobuf.StringValue", value: JSON.stringify(CONFIG) },
                      vm_config: { runtime: "envoy.wasm.runtime.v8", code: { local: { filename: module } } },
                    },
                  },
                },
                {
                  name: "envoy.filters.network.tcp_proxy",
                  typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy", stat_prefix: "tcp", cluster: "echo" },
                },
              ],
            },
          ],
        },
      ],
      clusters: [
        {
          name: "echo",
          type: "STATIC",
          connect_timeout: "1s",
          load_assignment: { cluster_name: "echo", endpoints: [{ lb_endpoints: [{ endpoint: { address: address(upstreamPort) } }] }] },
        },
      ],
    },
  };
}

async function startEchoServer(): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Writes `chunks`, reads until the whole echo came back (then closes) or the proxy closes first. */
function converse(port: number, chunks: string[]): Promise<Conversation> {
  const expected = chunks.join("");
  return new Promise((resolve, reject) => {
    let reply = "";
    let done = false;
    const socket = net.connect(port, "127.0.0.1", () => chunks.forEach((chunk) => socket.write(chunk)));
    socket.setEncoding("utf8");
    socket.setTimeout(10_000, () => socket.destroy(new Error(`neither the echo nor a close within 10 s (got ${JSON.stringify(reply)})`)));
    socket.on("data", (data: string) => {
      reply += data;
      if (reply === expected) {
        done = true;
        socket.end();
      }
    });
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "ECONNRESET") reject(error);
    });
    socket.on("close", () => resolve({ reply, closedByProxy: !done }));
  });
}

describe.each([emulator, ...(realEnvoySkipped() ? [] : [envoy])])("tcp-filter on $name", (backend) => {
  let target: TcpTarget;
  beforeAll(async () => {
    target = await backend.start();
  });
  afterAll(async () => target?.stop());

  it("passes bytes both ways and counts them", async () => {
    const before = { client: await target.metric("tcp_filter_bytes_from_client"), upstream: await target.metric("tcp_filter_bytes_from_upstream") };
    const conversation = await target.converse(["hello tcp\n", "second line\n"]);
    expect(conversation).toEqual({ reply: "hello tcp\nsecond line\n", closedByProxy: false });
    expect((await target.metric("tcp_filter_bytes_from_client")) - before.client).toBe(22);
    expect((await target.metric("tcp_filter_bytes_from_upstream")) - before.upstream).toBe(22);
    expect(await target.logsWith("tcp-filter: connection closed, 22 bytes from the client, 22 from the upstream")).toContain(
      "tcp-filter: connection closed, 22 bytes from the client, 22 from the upstream",
    );
  });

  it("logs the first line the client sends", async () => {
    await target.converse(["PING from a client\r\n", "more\r\n"]);
    expect(await target.logsWith("tcp-filter: first line: PING from a client")).toContain("tcp-filter: first line: PING from a client");
  });

  it("closes a connection that starts with the deny prefix before the upstream sees a byte", async () => {
    const before = await target.metric("tcp_filter_denied_connections");
    const conversation = await target.converse(["BLOCK me\n"]);
    expect(conversation).toEqual({ reply: "", closedByProxy: true });
    expect((await target.metric("tcp_filter_denied_connections")) - before).toBe(1);
    expect(await target.logsWith("tcp-filter: closing a connection that starts with the deny prefix")).toContain(
      "tcp-filter: closing a connection that starts with the deny prefix",
    );
  });

  it("lets through clients that only look like the prefix, or send it later", async () => {
    expect(await target.converse(["BLUE sky\n"])).toEqual({ reply: "BLUE sky\n", closedByProxy: false });
    expect(await target.converse(["say BLOCK\n"])).toEqual({ reply: "say BLOCK\n", closedByProxy: false });
  });
});

describe("tcp-filter on the emulator, chunk by chunk", () => {
  it("holds bytes that could be the start of the prefix until the next ones decide", async () => {
    const host = new Host();
    const plugin = await host.loadPlugin({ wasm: module, rootId, configuration: CONFIG });
    const denied = plugin.tcpConnection();
    expect(denied.sendFromDownstream("BLO")).toBe(1);
    expect(denied.toUpstream.length).toBe(0);
    denied.sendFromDownstream("CK me\n");
    expect(denied.closedBy).toBe("downstream");
    expect(denied.toUpstream.length).toBe(0);

    const allowed = plugin.tcpConnection();
    expect(allowed.sendFromDownstream("BL")).toBe(1);
    expect(allowed.sendFromDownstream("UE\n")).toBe(0);
    expect(Buffer.from(allowed.toUpstream.bytes()).toString()).toBe("BLUE\n");
  });

  it("lets a client that ends after part of the prefix through", async () => {
    const host = new Host();
    const plugin = await host.loadPlugin({ wasm: module, rootId, configuration: CONFIG });
    const connection = plugin.tcpConnection();
    expect(connection.sendFromDownstream("BLO", true)).toBe(0);
    expect(Buffer.from(connection.toUpstream.bytes()).toString()).toBe("BLO");
  });

  it("refuses a configuration whose denyPrefix is not a string, naming the field", async () => {
    const error = await new Host().loadPlugin({ wasm: module, rootId, configuration: { denyPrefix: 7 } }).catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(JSON.stringify((error as { logs?: unknown }).logs)).toMatch(/denyPrefix/);
  });
});

describe.skipIf(realEnvoySkipped())("tcp-filter's envoy.yaml", () => {
  it("is valid for Envoy", () => {
    const result = validateEnvoyConfig(path.join(here, "..", "envoy.yaml"));
    expect(result.output).toMatch(/OK/);
    expect(result.ok).toBe(true);
  });
});
