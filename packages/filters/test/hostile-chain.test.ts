// Hostile requests through the four filters chained (telemetry, jwt-authz,
// fault-injection, routing-headers), on both backends: header values near
// Envoy's 60 KiB limit, a hundred headers, bytes that are not UTF-8 in
// header values and (percent-encoded) in paths, a 1 MiB token, and a regex
// chosen to be exponential in backtracking engines, whose time per request
// must stay linear in the input. After each, an ordinary request still
// passes (a trap would fail every later request of that VM).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarioBackends, type FilterSetup, type ScenarioRequest, type ScenarioTarget } from "@envoyscript/testkit";

const build = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "build");
const filter = (rootId: string, configuration: object) => ({ module: path.join(build, `${rootId}.wasm`), rootId, configuration });

/** Inline HMAC secret of the chain's issuer (base64 of 32 bytes). */
const SECRET = Buffer.alloc(32, 7).toString("base64");
const setup: FilterSetup = {
  filters: [
    filter("telemetry", { metrics: { dimensions: { tenant: 'request.headers["x-tenant"]' }, maxValuesPerDimension: 100 } }),
    filter("jwt-authz", {
      jwtRules: [{ issuer: "https://issuer.example.com", hmacSecret: SECRET }],
      policies: [{ name: "api-needs-jwt", action: "DENY", rules: [{ from: [{ source: { notRequestPrincipals: ["*"] } }], to: [{ operation: { paths: ["/api/*"] } }] }] }],
    }),
    filter("fault-injection", { match: [{ headers: { "x-chaos-test": { exact: "true" } } }], abort: { httpStatus: 503, percentage: { value: 100 } } }),
    filter("routing-headers", {
      rules: [
        { name: "backtracking-bait", match: [{ uri: { prefix: "/hostile" }, headers: { "x-payload": { regex: "(a+)+b" } } }], directResponse: { status: 200, body: { string: "matched" } } },
        { name: "hostile", match: [{ uri: { prefix: "/hostile" } }], directResponse: { status: 200, body: { string: "survived" } } },
        { name: "default", route: [{ destination: "echo" }] },
      ],
    }),
  ],
};

describe.each(scenarioBackends())("the four filters chained under hostile requests on $name", (backend) => {
  let target: ScenarioTarget;
  beforeAll(async () => {
    target = await backend.start(setup);
  });
  afterAll(async () => target?.stop());

  async function expectStillServing(): Promise<void> {
    const ordinary = await target.request({ path: "/", headers: { "x-tenant": "ordinary" } });
    expect(ordinary.status).toBe(200);
    expect(ordinary.upstream?.path).toBe("/");
    expect((await target.request({ path: "/api/orders" })).status).toBe(403);
    const trapped = (await target.wasmLogs()).filter((line) => /abort|trap|unreachable|panic/i.test(line));
    expect(trapped).toEqual([]);
  }

  async function answer(request: ScenarioRequest): Promise<string> {
    const response = await target.request(request);
    return response.status === 200 && response.upstream === null ? response.body : `status ${response.status}`;
  }

  it("carries header values of 55 KiB through every filter, as a telemetry label and a token", async () => {
    const big = "v".repeat(55 * 1024);
    expect(await answer({ path: "/hostile", headers: { "x-tenant": big } })).toBe("survived");
    expect(await answer({ path: "/hostile", headers: { "x-chaos-test": big } })).toBe("survived");
    expect((await target.request({ path: "/api/x", headers: { authorization: `Bearer ${big}` } })).status).toBe(401);
    await expectStillServing();
  });

  it("handles ninety headers (Envoy's default limit is 100), a hundred values in one, and a thousand cookies", async () => {
    const headers: Record<string, string> = { cookie: Array.from({ length: 1000 }, (_, i) => `c${i}=${i}`).join("; ") };
    for (let i = 0; i < 90; i++) headers[`x-h${i}`] = "h".repeat(200);
    headers["x-tenant"] = Array.from({ length: 100 }, (_, i) => `t${i}`).join(", ");
    expect(await answer({ path: "/hostile", headers })).toBe("survived");
    await expectStillServing();
  });

  it("handles bytes that are not UTF-8 in header values and in paths", async () => {
    // fetch sends each character below U+0100 as one byte: these are invalid UTF-8 sequences.
    const invalid = "\xff\xfe\xc3\x28\xed\xa0\x80";
    expect(await answer({ path: "/hostile", headers: { "x-tenant": invalid, "x-chaos-test": invalid, cookie: `${invalid}=${invalid}` } })).toBe("survived");
    expect((await target.request({ path: "/api/x", headers: { authorization: `Bearer ${invalid}.${invalid}.${invalid}` } })).status).toBe(401);
    expect(await answer({ path: "/hostile/%ff%fe%c3%28%ed%a0%80?q=%ff", headers: { "x-tenant": "t" } })).toBe("survived");
    expect((await target.request({ path: "/api/%ff%c3%28" })).status).toBe(403);
    await expectStillServing();
  });

  it("refuses a 1 MiB token without trapping (Envoy refuses such headers itself, 431; the filter's own limit answers 401)", async () => {
    const token = `${"a".repeat(512 * 1024)}.${"b".repeat(512 * 1024)}.c`;
    const status = (await target.request({ path: "/api/x", headers: { authorization: `Bearer ${token}` } })).status;
    expect(backend.name === "envoy" ? [431] : [401]).toContain(status);
    await expectStillServing();
  });

  it("matches a regex that backtracking engines take exponential time on, in time linear in the input", async () => {
    const short = "a".repeat(500) + "!";
    const long = "a".repeat(50_000) + "!";
    const timings = { short: [] as number[], long: [] as number[] };
    for (let round = 0; round < 15; round++) {
      for (const [name, payload] of [["short", short], ["long", long]] as const) {
        const started = performance.now();
        expect(await answer({ path: "/hostile", headers: { "x-payload": payload } })).toBe("survived");
        timings[name].push(performance.now() - started);
      }
    }
    expect(await answer({ path: "/hostile", headers: { "x-payload": long.slice(0, -1) + "b" } })).toBe("matched");
    // 100 times the input may cost at most 100 times the time (interleaved medians of one run);
    // a backtracking engine would not finish "(a+)+b" on 50,000 "a"s at all.
    expect(median(timings.long)).toBeLessThanOrEqual(median(timings.short) * 100);
    await expectStillServing();
  });
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
