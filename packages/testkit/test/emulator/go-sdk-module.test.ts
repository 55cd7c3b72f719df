// A module built by another toolchain: the benchmark's routing-headers peer,
// written with the proxy-wasm Go SDK and built for Go's wasip1 target. Real
// Envoy loads it; so must the emulator (its Go runtime imports sched_yield,
// poll_oneoff, fd_prestat_get... and aborts on a zero monotonic clock).
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { Host } from "../../src/emulator/index.ts";
import { buildGoPeer, GO_ROUTING_CONFIG } from "../fixtures/go-peer.ts";

let wasm: Uint8Array;

beforeAll(async () => {
  wasm = new Uint8Array(readFileSync(await buildGoPeer("routing-headers")));
});

interface EchoedRequest {
  path: string;
  headers: Record<string, string>;
}

describe("the Go SDK routing-headers peer on the emulator", () => {
  it("loads, imports WASI beyond what AssemblyScript needs, and is ABI 0.2.0", async () => {
    const imports = WebAssembly.Module.imports(new WebAssembly.Module(wasm)).map((entry) => `${entry.module}.${entry.name}`);
    expect(imports).toEqual(expect.arrayContaining(["wasi_snapshot_preview1.sched_yield", "wasi_snapshot_preview1.poll_oneoff", "wasi_snapshot_preview1.fd_prestat_get"]));
    const vm = await new Host().loadVm({ wasm });
    expect(vm.abiVersion).toBe("0.2.0");
  });

  it("routes an API request to v3 and sets the rule's request header", async () => {
    const plugin = await new Host().loadPlugin({ wasm, rootId: "routing-headers", configuration: GO_ROUTING_CONFIG });
    const result = await plugin.request({ method: "GET", path: "/api/items", headers: { "x-internal-debug": "1" } });
    expect(result.status).toBe(200);
    const upstream = JSON.parse(result.body) as EchoedRequest;
    expect(upstream.headers["x-route-destination"]).toBe("v3");
    expect(upstream.headers["x-api-version"]).toBe("3");
    expect(upstream.headers["x-internal-debug"]).toBe("1");
  });

  it("applies the default rule's request and response edits", async () => {
    const plugin = await new Host().loadPlugin({ wasm, rootId: "routing-headers", configuration: GO_ROUTING_CONFIG });
    const result = await plugin.request({ method: "POST", path: "/other", headers: { "x-internal-debug": "1" } });
    const upstream = JSON.parse(result.body) as EchoedRequest;
    expect(upstream.headers["x-route-destination"]).toBe("v1");
    expect(upstream.headers["x-envoyscript-route"]).toBe("default");
    expect(upstream.headers["x-internal-debug"]).toBeUndefined();
    expect(result.headers["x-served-by"]).toBe("v1");
  });

  it("refuses a configuration the peer rejects, as Envoy would", async () => {
    const error = await new Host().loadPlugin({ wasm, rootId: "routing-headers", configuration: { unknownField: true } }).catch((e: unknown) => e);
    expect((error as { code: string }).code).toBe("E_CONFIGURATION_REFUSED");
  });
});
