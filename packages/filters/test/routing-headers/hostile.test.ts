// Hostile requests never trap the VM and are matched like any other:
// huge headers, thousands of cookies, many repeated headers, bytes that are
// not UTF-8, and inputs crafted against backtracking regex engines. After
// each, an ordinary request must still be routed (a trap would fail every
// request of the VM).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarioBackends, type ScenarioRequest, type ScenarioTarget } from "@envoyscript/testkit";
import { twoVersions } from "./support/setup.ts";

// Hostile inputs are answered by the filter itself (direct responses name
// the rule that applied), so sizes are bounded by Envoy's limits (60 KiB of
// request headers by default), not by the Node upstream's (16 KiB).
const answer = (body: string) => ({ status: 200, body: { string: body } });
const configuration = {
  rules: [
    // Exponential on a backtracking engine for "aaaa…a!"; linear here.
    { name: "nested-repetition", match: [{ uri: { prefix: "/huge" }, headers: { "x-payload": { regex: "(a+)+b" } } }], directResponse: answer("nested") },
    { name: "alternation", match: [{ uri: { regex: "/huge/(a|aa)*c" } }], directResponse: answer("alternation") },
    { name: "last-cookie", match: [{ uri: { prefix: "/huge" }, cookies: { c3999: { exact: "3999" } } }], directResponse: answer("cookie") },
    { name: "query", match: [{ uri: { prefix: "/huge" }, queryParams: { needle: { exact: "1" } } }], directResponse: answer("query") },
    { name: "sticky", match: [{ uri: { prefix: "/huge/sticky" } }], route: [{ destination: "v1", weight: 50 }, { destination: "v2", weight: 50 }], stickyBy: { cookie: "user" } },
    { name: "no-match", match: [{ uri: { prefix: "/huge" } }], directResponse: answer("none") },
    { name: "any-user", match: [{ headers: { "x-user": { regex: ".+" } } }], route: [{ destination: "v2" }] },
  ],
};

describe.each(scenarioBackends())("routing-headers under hostile requests on $name", (backend) => {
  let target: ScenarioTarget;
  beforeAll(async () => {
    target = await backend.start(twoVersions(configuration));
  });
  afterAll(async () => {
    await target?.stop();
  });

  async function upstreamOf(request: ScenarioRequest): Promise<string> {
    const response = await target.request(request);
    return response.upstream?.upstream ?? `status ${response.status}`;
  }

  /** The rule that answered (its direct response body), or the status otherwise. */
  async function answerOf(request: ScenarioRequest): Promise<string> {
    const response = await target.request(request);
    return response.status === 200 && response.upstream === null ? response.body : `status ${response.status}`;
  }

  async function expectStillRouting(): Promise<void> {
    expect(await upstreamOf({ path: "/", headers: { "x-user": "ok" } })).toBe("v2");
    expect(await upstreamOf({ path: "/" })).toBe("v1");
    const trapped = (await target.wasmLogs()).filter((line) => /abort|trap|unreachable|panic/i.test(line));
    expect(trapped).toEqual([]);
  }

  it("matches a huge header against a nested repetition in linear time", async () => {
    expect(await answerOf({ path: "/huge", headers: { "x-payload": "a".repeat(50_000) + "!" } })).toBe("none");
    expect(await answerOf({ path: "/huge", headers: { "x-payload": "a".repeat(50_000) + "b" } })).toBe("nested");
    await expectStillRouting();
  });

  it("matches a long path against an ambiguous alternation", async () => {
    expect(await answerOf({ path: "/huge/" + "a".repeat(50_000) + "b" })).toBe("none");
    expect(await answerOf({ path: "/huge/" + "a".repeat(50_000) + "c" })).toBe("alternation");
    await expectStillRouting();
  });

  it("finds the last of thousands of cookies", async () => {
    const cookies = Array.from({ length: 4000 }, (_, i) => `c${i}=${i}`).join("; ");
    expect(await answerOf({ path: "/huge", headers: { cookie: cookies } })).toBe("cookie");
    expect(await answerOf({ path: "/huge", headers: { cookie: cookies.replace("c3999=3999", "c3999=0") } })).toBe("none");
    await expectStillRouting();
  });

  it("splits a query string of thousands of empty and valueless parameters", async () => {
    const noise = "&".repeat(10_000) + "x".repeat(10_000) + "&flag&".repeat(2000);
    expect(await answerOf({ path: `/huge?${noise}&needle=1` })).toBe("query");
    expect(await answerOf({ path: `/huge?${noise}&needle=2` })).toBe("none");
    await expectStillRouting();
  });

  it("routes header values that are not UTF-8", async () => {
    // fetch sends each character below U+0100 as one byte: these are invalid UTF-8 sequences.
    expect(await upstreamOf({ path: "/", headers: { "x-user": "\xff\xfe\xc3\x28\xed\xa0\x80" } })).toBe("v2");
    const side = await upstreamOf({ path: "/huge/sticky", headers: { cookie: "user=\xc0\xaf\xff" } });
    expect(["v1", "v2"]).toContain(side);
    expect(await upstreamOf({ path: "/huge/sticky", headers: { cookie: "user=\xc0\xaf\xff" } })).toBe(side);
    expect(await answerOf({ path: "/huge", headers: { "x-payload": "\xff".repeat(1000) + "b", cookie: "\xff=\xfe" } })).toBe("none");
    await expectStillRouting();
  });

  it("handles many headers", async () => {
    const headers: Record<string, string> = {};
    for (let i = 0; i < 90; i++) headers[`x-h${i}`] = "v".repeat(500);
    expect(await answerOf({ path: "/huge", headers })).toBe("none");
    await expectStillRouting();
  });
});
