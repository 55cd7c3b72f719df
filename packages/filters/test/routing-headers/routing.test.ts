// Header- and cookie-based routing picks the v1 or v2 upstream cluster by
// setting the destination header Envoy's route acts on (Envoy re-selects
// the route after the filter changed the request headers).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarioBackends, type ScenarioTarget } from "@envoyscript/testkit";
import { DESTINATION_HEADER, twoVersions } from "./support/setup.ts";

const configuration = {
  rules: [
    {
      name: "jason-to-v2",
      match: [{ headers: { "end-user": { exact: "jason" } } }, { cookies: { beta: { exact: "1" } } }],
      route: [{ destination: "v2" }],
    },
    {
      name: "api-v2-by-query",
      match: [{ uri: { prefix: "/api" }, queryParams: { version: { regex: "2(\\.[0-9]+)?" } } }],
      route: [{ destination: "v2" }],
    },
    {
      name: "deletes-to-v2",
      match: [{ method: { exact: "DELETE" }, withoutHeaders: { "x-keep": { present: true } } }],
      route: [{ destination: "v2" }],
    },
    { name: "everyone-else", route: [{ destination: "v1" }] },
  ],
};

describe.each(scenarioBackends())("routing-headers routes by header and cookie on $name", (backend) => {
  let target: ScenarioTarget;
  beforeAll(async () => {
    target = await backend.start(twoVersions(configuration));
  });
  afterAll(async () => {
    await target?.stop();
  });

  async function upstreamFor(request: Parameters<ScenarioTarget["request"]>[0]): Promise<string | undefined> {
    const response = await target.request(request);
    expect(response.status).toBe(200);
    return response.upstream?.upstream;
  }

  it("sends the matching user to v2 and everyone else to v1", async () => {
    expect(await upstreamFor({ path: "/productpage", headers: { "end-user": "jason" } })).toBe("v2");
    expect(await upstreamFor({ path: "/productpage", headers: { "end-user": "ann" } })).toBe("v1");
    expect(await upstreamFor({ path: "/productpage" })).toBe("v1");
  });

  it("routes by a cookie, among other cookies", async () => {
    expect(await upstreamFor({ path: "/", headers: { cookie: "session=x; beta=1; theme=dark" } })).toBe("v2");
    expect(await upstreamFor({ path: "/", headers: { cookie: "session=x; beta=0" } })).toBe("v1");
  });

  it("routes by uri prefix and query parameter together", async () => {
    expect(await upstreamFor({ path: "/api/items?version=2.1" })).toBe("v2");
    expect(await upstreamFor({ path: "/api/items?version=3" })).toBe("v1");
    expect(await upstreamFor({ path: "/web?version=2" })).toBe("v1");
  });

  it("routes by method unless a header is present", async () => {
    expect(await upstreamFor({ path: "/x", method: "DELETE" })).toBe("v2");
    expect(await upstreamFor({ path: "/x", method: "DELETE", headers: { "x-keep": "1" } })).toBe("v1");
  });

  it("tells the upstream which destination was chosen", async () => {
    const response = await target.request({ path: "/", headers: { "end-user": "jason" } });
    expect(response.upstream?.headers[DESTINATION_HEADER]).toBe("v2");
  });

  it("replaces a destination header sent by the client", async () => {
    expect(await upstreamFor({ path: "/", headers: { [DESTINATION_HEADER]: "v2" } })).toBe("v1");
  });

  it("counts the requests each rule applied to", async () => {
    const before = await target.metrics();
    await target.request({ path: "/", headers: { "end-user": "jason" } });
    const after = await target.metrics();
    const key = "routing_headers.rule.jason-to-v2";
    expect((after.get(key) ?? 0) - (before.get(key) ?? 0)).toBe(1);
  });
});
