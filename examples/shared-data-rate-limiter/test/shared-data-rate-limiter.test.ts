import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Host,
  realEnvoySkipped,
  scenarioBackends,
  startEnvoy,
  startUpstream,
  validateEnvoyConfig,
  type FilterSetup,
  type ScenarioResponse,
  type ScenarioTarget,
} from "@envoyscript/testkit";

const here = path.dirname(fileURLToPath(import.meta.url));
const module = path.join(here, "..", "build", "shared-data-rate-limiter.wasm");
const rootId = "shared-data-rate-limiter";
const BURST = 5;
// One token every 10 s: requests sent one after the other in real Envoy never
// see a refill, so the counts below do not depend on how fast the machine is.
const CONFIG = { requestsPerSecond: 0.1, burst: BURST, keyHeader: "x-api-key" };
const setup: FilterSetup = { filters: [{ module, rootId, configuration: CONFIG }] };

async function sendSequentially(target: ScenarioTarget, count: number, headers: Record<string, string>): Promise<ScenarioResponse[]> {
  const responses: ScenarioResponse[] = [];
  for (let i = 0; i < count; i++) responses.push(await target.request({ path: `/items/${i}`, headers }));
  return responses;
}

const statuses = (responses: ScenarioResponse[]) => responses.map((response) => response.status);

describe.each(scenarioBackends())("shared-data-rate-limiter on $name", (backend) => {
  let target: ScenarioTarget;
  beforeAll(async () => {
    target = await backend.start(setup);
  });
  afterAll(async () => target?.stop());

  it("answers burst + 1 quick requests of one key with exactly one 429, the last, while another key passes", async () => {
    const responses = await sendSequentially(target, BURST + 1, { "x-api-key": "alice" });
    expect(statuses(responses)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(responses.slice(0, BURST).every((response) => response.upstream !== null)).toBe(true);
    expect(responses[BURST]!.upstream).toBeNull();
    expect((await target.request({ headers: { "x-api-key": "bob" } })).status).toBe(200);
  });

  it("says when to come back: retry-after is the time one token takes to refill", async () => {
    const responses = await sendSequentially(target, BURST + 1, { "x-api-key": "carol" });
    const limited = responses[BURST]!;
    expect(limited.status).toBe(429);
    expect(limited.headers["retry-after"]).toBe("10");
    expect(limited.body).toBe("rate limit exceeded\n");
    expect(await target.wasmLogs()).toContain("shared-data-rate-limiter: limited, retry after 10 s");
  });

  it("counts allowed and limited requests in metrics", async () => {
    const before = await target.metrics();
    await sendSequentially(target, BURST + 2, { "x-api-key": "dave" });
    const after = await target.metrics();
    expect((after.get("rate_limiter_allowed") ?? 0) - (before.get("rate_limiter_allowed") ?? 0)).toBe(BURST);
    expect((after.get("rate_limiter_limited") ?? 0) - (before.get("rate_limiter_limited") ?? 0)).toBe(2);
  });

  it("puts requests without the key header in one shared bucket", async () => {
    const responses = await sendSequentially(target, BURST + 1, {});
    expect(statuses(responses)).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it("refuses a configuration with a zero rate, naming the field", async () => {
    const error = await backend.start({ filters: [{ module, rootId, configuration: { ...CONFIG, requestsPerSecond: 0 } }] }).catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/requestsPerSecond/);
  });
});

describe("shared-data-rate-limiter refill, on the emulator's virtual clock", () => {
  it("gives back one token per 1/requestsPerSecond seconds", async () => {
    const host = new Host();
    const plugin = await host.loadPlugin({ wasm: module, rootId, configuration: CONFIG });
    const send = async () => (await plugin.request({ headers: { "x-api-key": "erin" } })).status;
    for (let i = 0; i < BURST; i++) expect(await send()).toBe(200);
    expect(await send()).toBe(429);
    host.clock.advance(9_000);
    expect(await send()).toBe(429);
    host.clock.advance(1_000);
    expect(await send()).toBe(200);
    expect(await send()).toBe(429);
  });
});

/** GET on a connection of its own, so Envoy's workers share the requests between them. */
function getOnNewConnection(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: false, headers }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("error", reject);
  });
}

describe.skipIf(realEnvoySkipped())("shared-data-rate-limiter in real Envoy", () => {
  it("shares one bucket between two worker threads", async () => {
    const upstream = await startUpstream("echo");
    const envoy = await startEnvoy({ concurrency: 2, filters: [{ wasm: { module, rootId, configuration: CONFIG } }], upstreams: [{ name: upstream.name, port: upstream.port }] });
    try {
      const headers = { "x-api-key": "shared" };
      // The first request creates the key alone (see takeToken on creating keys).
      const first = await getOnNewConnection(`${envoy.listenerUrl}/`, headers);
      const rest = await Promise.all(Array.from({ length: 19 }, () => getOnNewConnection(`${envoy.listenerUrl}/`, headers)));
      const all = [first, ...rest];
      expect(all.filter((status) => status === 200)).toHaveLength(BURST);
      expect(all.filter((status) => status === 429)).toHaveLength(20 - BURST);
      // Both workers took part: with a bucket per worker, up to 2 x burst would pass.
      // Envoy writes its log asynchronously: wait for every refused request's line.
      await envoy.waitForLog(new RegExp(`(shared-data-rate-limiter: limited[^]*){${20 - BURST}}`), 5_000);
      const workers = new Set(
        envoy
          .logs()
          .split("\n")
          .filter((line) => line.includes("shared-data-rate-limiter: limited"))
          .map((line) => /^\[[^\]]+\]\[(\d+)\]/.exec(line)?.[1]),
      );
      expect(workers.size).toBe(2);
      expect((await envoy.stats("^wasmcustom\\.")).get("wasmcustom.rate_limiter_allowed")).toBe(BURST);
    } finally {
      await envoy.stop();
      await upstream.close();
    }
  });

  it("has an envoy.yaml that Envoy validates", () => {
    const result = validateEnvoyConfig(path.join(here, "..", "envoy.yaml"));
    expect(result.output).toMatch(/OK/);
    expect(result.ok).toBe(true);
  });
});
