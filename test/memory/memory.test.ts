// A filter's VM lives for days: its linear memory must stay flat however many
// requests pass. Each filter serves a warm-up, then many more requests of
// the same mix; the memory must not have grown by a single page. (The
// preset's minimal runtime collects every 512 outermost callbacks: the
// warm-up spans many collections.) (The benchmark drives one million requests and reports
// the figure; `ENVOYSCRIPT_MEMORY_REQUESTS=1000000` runs this test at that
// scale.)
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadEmulatedChain, type FilterSetup } from "@envoyscript/testkit";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const filters = path.join(root, "packages", "filters", "build");
const REQUESTS = Number(process.env.ENVOYSCRIPT_MEMORY_REQUESTS) || 20_000;
const WARM_UP = 5_000;
// The emulator serves the slowest filter here (telemetry) at about 10,000 requests a second.
const TIMEOUT_MS = Math.max(120_000, REQUESTS * 2);

const secret = Buffer.from("memory-test-shared-secret-of-32-bytes!!");
function hs256(claims: object): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "HS256", typ: "JWT" })}.${encode(claims)}`;
  return `${unsigned}.${createHmac("sha256", secret).update(unsigned).digest("base64url")}`;
}

const cases: { name: string; setup: FilterSetup; request: (i: number) => { path: string; headers: Record<string, string> } }[] = [
  {
    name: "hello",
    setup: { filters: [{ module: path.join(root, "examples", "hello", "build", "hello.wasm"), rootId: "hello", configuration: { greeting: "hi" } }] },
    request: (i) => ({ path: `/items/${i}`, headers: {} }),
  },
  {
    name: "routing-headers",
    setup: {
      filters: [{
        module: path.join(filters, "routing-headers.wasm"),
        rootId: "routing-headers",
        configuration: {
          destinationHeader: "x-route-destination",
          rules: [
            { name: "canary", match: [{ headers: { "x-canary": { exact: "always" } } }], route: [{ destination: "v2", weight: 100 }] },
            { name: "split", match: [{ uri: { regex: "/items/[0-9]+" } }], route: [{ destination: "v1", weight: 90 }, { destination: "v2", weight: 10 }], stickyBy: { header: "x-user" } },
          ],
        },
      }],
    },
    request: (i) => ({ path: `/items/${i}`, headers: { "x-user": `user-${i % 1000}`, cookie: `session=${i}; theme=dark` } }),
  },
  {
    name: "jwt-authz (verification and token cache)",
    setup: {
      filters: [{
        module: path.join(filters, "jwt-authz.wasm"),
        rootId: "jwt-authz",
        configuration: {
          jwtRules: [{ issuer: "https://issuer.test", audiences: ["api"], hmacSecret: secret.toString("base64") }],
          policies: [{ name: "users", action: "ALLOW", rules: [{ from: [{ source: { requestPrincipals: ["https://issuer.test/*"] } }] }] }],
          tokenCacheSize: 64,
        },
      }],
    },
    // 500 distinct users: the bounded token cache keeps evicting.
    request: (i) => ({ path: "/orders", headers: { authorization: `Bearer ${hs256({ iss: "https://issuer.test", aud: "api", sub: `user-${i % 500}`, exp: 4102444800 })}` } }),
  },
  {
    name: "fault-injection (a third of the requests tagged and aborted)",
    setup: {
      filters: [{
        module: path.join(filters, "fault-injection.wasm"),
        rootId: "fault-injection",
        configuration: { match: [{ headers: { "x-chaos-test": { exact: "true" } } }], abort: { httpStatus: 429, percentage: { value: 100 } } },
      }],
    },
    request: (i) => ({ path: `/items/${i}`, headers: i % 3 === 0 ? { "x-chaos-test": "true" } : ({} as Record<string, string>) }),
  },
  {
    name: "telemetry",
    setup: { filters: [{ module: path.join(filters, "telemetry.wasm"), rootId: "telemetry", configuration: {} }] },
    request: (i) => ({ path: `/items/${i}`, headers: { "x-request-id": `req-${i}` } }),
  },
];

describe.each(cases)("memory of $name", ({ setup, request }) => {
  it(`stays flat over ${REQUESTS} requests after a warm-up`, async () => {
    const { chain, vms } = await loadEmulatedChain(setup);
    const tokens = Array.from({ length: 2000 }, (_, i) => request(i));
    const send = async (count: number, offset: number) => {
      for (let i = 0; i < count; i++) {
        const result = await chain.request(tokens[(offset + i) % tokens.length]);
        if (result.trapped || result.status >= 500) throw new Error(`request ${offset + i} answered ${result.status}: ${result.body}`);
      }
    };
    await send(WARM_UP, 0);
    const after = vms.map((vm) => vm.memoryBytes);
    await send(REQUESTS, WARM_UP);
    expect(vms.map((vm) => vm.memoryBytes)).toEqual(after);
  }, TIMEOUT_MS);
});
