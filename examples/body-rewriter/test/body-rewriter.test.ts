import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  Host,
  realEnvoySkipped,
  scenarioBackends,
  startEnvoy,
  startUpstream,
  validateEnvoyConfig,
  type ClusterHandler,
  type EchoedRequest,
  type FilterSetup,
  type ScenarioTarget,
  type UpstreamReply,
} from "@envoyscript/testkit";

const here = path.dirname(fileURLToPath(import.meta.url));
const module = path.join(here, "..", "build", "body-rewriter.wasm");
const rootId = "body-rewriter";
const MAX_BODY_BYTES = 64;
const CONFIG = {
  replacements: [
    { from: "world", to: "envoyscript" },
    { from: "http://internal.example", to: "https://api.example.com" },
  ],
  maxBodyBytes: MAX_BODY_BYTES,
  rewriteRequestJson: true,
};

const LARGE = "world ".repeat(20);
const PAGES: Record<string, UpstreamReply> = {
  "/greeting": { status: 200, headers: { "content-type": "text/plain" }, body: "hello world, the world is big" },
  "/links": { status: 200, headers: { "content-type": "application/json" }, body: '{"next":"http://internal.example/page/2"}' },
  "/large": { status: 200, headers: { "content-type": "text/plain", "content-length": String(LARGE.length) }, body: LARGE },
  "/encoded": { status: 200, headers: { "content-type": "text/plain", "content-encoding": "x-test" }, body: "world" },
};

/** Requests the upstream received, in order. */
const received: EchoedRequest[] = [];
const app: ClusterHandler = (request) => {
  received.push(request);
  return PAGES[request.path] ?? { status: 200, body: "ok" };
};

const setup: FilterSetup = { filters: [{ module, rootId, configuration: CONFIG }], upstreams: { app } };

/** The body length a response announces is either absent or right. */
function expectTruthfulLength(headers: Readonly<Record<string, string>>, body: string): void {
  const contentLength = headers["content-length"];
  if (contentLength !== undefined) expect(Number(contentLength)).toBe(Buffer.byteLength(body));
}

describe.each(scenarioBackends())("body-rewriter on $name", (backend) => {
  let target: ScenarioTarget;
  beforeAll(async () => {
    target = await backend.start(setup);
  });
  afterAll(async () => target?.stop());
  afterEach(() => {
    received.length = 0;
  });

  it("replaces every occurrence in the response body and fixes its length", async () => {
    const response = await target.request({ path: "/greeting" });
    expect(response.status).toBe(200);
    expect(response.body).toBe("hello envoyscript, the envoyscript is big");
    expectTruthfulLength(response.headers, response.body);
    expect(await target.wasmLogs()).toContain("body-rewriter: rewrote response body (29 -> 41 bytes)");
  });

  it("applies the replacements in order", async () => {
    const response = await target.request({ path: "/links" });
    expect(response.body).toBe('{"next":"https://api.example.com/page/2"}');
  });

  it("passes a body larger than maxBodyBytes untouched, with its content-length", async () => {
    const response = await target.request({ path: "/large" });
    expect(response.status).toBe(200);
    expect(response.body).toBe(LARGE);
    expect(response.headers["content-length"]).toBe(String(LARGE.length));
  });

  it("leaves compressed (content-encoded) responses alone", async () => {
    const response = await target.request({ path: "/encoded" });
    expect(response.body).toBe("world");
  });

  it("rewrites a JSON request body before the upstream sees it", async () => {
    const body = JSON.stringify({ message: "hello world" });
    await target.request({ method: "POST", path: "/submit", headers: { "content-type": "application/json; charset=utf-8" }, body });
    expect(received).toHaveLength(1);
    expect(received[0]!.body).toBe(JSON.stringify({ message: "hello envoyscript" }));
    expectTruthfulLength(received[0]!.headers, received[0]!.body);
  });

  it("leaves request bodies that are not JSON alone", async () => {
    await target.request({ method: "POST", path: "/submit", headers: { "content-type": "text/plain" }, body: "hello world" });
    expect(received[0]!.body).toBe("hello world");
    expect(received[0]!.headers["content-length"]).toBe("11");
  });

  it("refuses a configuration with an empty 'from', naming the field", async () => {
    const error = await backend.start({ filters: [{ module, rootId, configuration: { replacements: [{ from: "", to: "x" }] } }] }).catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/replacements\[0\]\.from/);
  });
});

// Bodies streamed in chunks without a content-length: a scenario's upstream
// always answers in one piece, so each backend's own upstream streams them.
const SMALL_CHUNKS = ["hello wo", "rld, the wor", "ld is big"];
const LARGE_CHUNKS = ["world ".repeat(8), "world ".repeat(8), "world ".repeat(8)];

describe("body-rewriter on streamed bodies, in the emulator", () => {
  let host: Host;
  beforeAll(() => {
    host = new Host();
  });

  async function fetchStreamed(chunks: string[]) {
    const plugin = await host.loadPlugin({ wasm: module, rootId, configuration: CONFIG });
    return plugin.request({ path: "/stream" }, { upstream: () => ({ headers: { "transfer-encoding": "chunked" }, body: chunks }) });
  }

  it("rewrites a match split across chunks", async () => {
    const result = await fetchStreamed(SMALL_CHUNKS);
    expect(result.body).toBe("hello envoyscript, the envoyscript is big");
  });

  it("passes a body that grows past maxBodyBytes untouched", async () => {
    const result = await fetchStreamed(LARGE_CHUNKS);
    expect(result.status).toBe(200);
    expect(result.body).toBe(LARGE_CHUNKS.join(""));
  });
});

describe.skipIf(realEnvoySkipped())("body-rewriter in real Envoy", () => {
  async function fetchStreamed(chunks: string[]): Promise<{ status: number; body: string }> {
    const upstream = await startUpstream("streaming", (_request, _body, response) => {
      response.writeHead(200, { "content-type": "text/plain" });
      for (const chunk of chunks) response.write(chunk);
      response.end();
    });
    const envoy = await startEnvoy({ filters: [{ wasm: { module, rootId, configuration: CONFIG } }], upstreams: [{ name: upstream.name, port: upstream.port }] });
    try {
      const response = await fetch(`${envoy.listenerUrl}/stream`);
      return { status: response.status, body: await response.text() };
    } finally {
      await envoy.stop();
      await upstream.close();
    }
  }

  it("rewrites a streamed body, matches split across chunks included", async () => {
    expect((await fetchStreamed(SMALL_CHUNKS)).body).toBe("hello envoyscript, the envoyscript is big");
  });

  it("passes a streamed body that grows past maxBodyBytes untouched", async () => {
    const response = await fetchStreamed(LARGE_CHUNKS);
    expect(response.status).toBe(200);
    expect(response.body).toBe(LARGE_CHUNKS.join(""));
  });

  it("has an envoy.yaml that Envoy validates", () => {
    const result = validateEnvoyConfig(path.join(here, "..", "envoy.yaml"));
    expect(result.output).toMatch(/OK/);
    expect(result.ok).toBe(true);
  });
});
