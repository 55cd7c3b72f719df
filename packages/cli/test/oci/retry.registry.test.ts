import { afterEach, describe, expect, it } from "vitest";
import { CliError } from "../../src/errors.ts";
import { pullModule } from "../../src/oci/pull.ts";
import { pushModule } from "../../src/oci/push.ts";
import { startProxy, type Interception, type InterceptedRequest, type RunningProxy } from "./proxy-fixture.ts";
import { useRegistry } from "./registry-fixture.ts";
import { testModule, tinyModule } from "./wasm-fixture.ts";

const registry = useRegistry();
const module = testModule();
const noWait = async () => {};
let proxy: RunningProxy | undefined;
afterEach(async () => {
  await proxy?.stop();
  proxy = undefined;
});

/** A proxy that fails the first request matching each rule once, in its own way, and passes everything else. */
async function flakyProxy(rules: { match: (request: InterceptedRequest) => boolean; failure: Interception }[]): Promise<RunningProxy> {
  const spent = new Set<number>();
  proxy = await startProxy(registry().url, (request) => {
    const index = rules.findIndex((rule, i) => !spent.has(i) && rule.match(request));
    if (index < 0) return "pass";
    spent.add(index);
    return rules[index].failure;
  });
  return proxy;
}

describe("transient registry failures", () => {
  it("are retried with backoff: a 503, a reset connection and a 429 with Retry-After", async () => {
    const gate = await flakyProxy([
      { match: (r) => r.method === "HEAD", failure: { status: 503, body: "busy" } },
      { match: (r) => r.method === "POST", failure: "reset" },
      { match: (r) => r.method === "PUT" && r.url.includes("/manifests/"), failure: { status: 429, headers: { "retry-after": "2" } } },
    ]);
    const lines: string[] = [];
    const waits: number[] = [];
    const pushed = await pushModule(module, `${gate.host}/flaky/hello:1`, {
      log: (line) => lines.push(line),
      sleep: async (ms) => void waits.push(ms),
      retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 5000 },
    });

    const retries = lines.filter((line) => line.includes("retrying"));
    expect(retries).toHaveLength(3);
    expect(retries[0]).toMatch(/retrying check blob sha256:[a-f0-9]{64} in 100 ms \(attempt 2 of 3\): HEAD .* HTTP 503/);
    expect(retries[1]).toMatch(/retrying upload blob/);
    expect(retries[2]).toMatch(/retrying push manifest 1/);
    // Retry-After (2 s) outweighs the first backoff step.
    expect(waits).toEqual([100, 100, 2000]);
    const pulled = await pullModule(`${registry().host}/flaky/hello@${pushed.manifestDigest}`);
    expect(Buffer.compare(Buffer.from(pulled.module), Buffer.from(module))).toBe(0);
  });

  it("are retried a bounded number of times, then fail with the last cause", async () => {
    proxy = await startProxy(registry().url, (request) => (request.url.includes("/manifests/") ? { status: 502, body: "bad gateway" } : "pass"));
    const error = await pushModule(module, `${proxy.host}/flaky/hello:2`, { sleep: noWait, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).code).toBe("E_OCI_UNAVAILABLE");
    expect((error as CliError).message).toMatch(/could not push manifest 2 .* after 3 attempts; the last failure: PUT .* HTTP 502 bad gateway/);
    expect(proxy.requests.filter((request) => request.url.includes("/manifests/"))).toHaveLength(3);
  });

  it("are not retried when the failure is not transient", async () => {
    proxy = await startProxy(registry().url, (request) => (request.method === "POST" ? { status: 400, body: '{"errors":[{"code":"NAME_INVALID","message":"nope"}]}' } : "pass"));
    // A module the registry has not seen, so the push has to upload.
    const error = await pushModule(tinyModule(333), `${proxy.host}/flaky/hello:3`, { sleep: noWait }).catch((e: unknown) => e);
    expect((error as CliError).code).toBe("E_OCI_REGISTRY");
    expect((error as CliError).message).toContain("NAME_INVALID: nope");
    expect(proxy.requests.filter((request) => request.method === "POST")).toHaveLength(1);
  });
});
