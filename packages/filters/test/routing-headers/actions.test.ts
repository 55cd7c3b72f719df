// Rewrites, redirects, direct responses and header edits are visible to the
// upstream and to the client.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarioBackends, type ScenarioTarget } from "@envoyscript/testkit";
import { twoVersions } from "./support/setup.ts";

const configuration = {
  rules: [
    {
      name: "legacy-api",
      match: [{ uri: { prefix: "/legacy/" } }],
      rewrite: { uri: "/v2/", authority: "api.internal" },
      route: [{ destination: "v2", headers: { request: { set: { "x-version": "2" } }, response: { add: { "x-served-by": "v2" } } } }],
    },
    {
      name: "exact-rewrite",
      match: [{ uri: { exact: "/old-page" } }],
      rewrite: { uri: "/new-page" },
    },
    {
      name: "moved",
      match: [{ uri: { prefix: "/moved" } }],
      redirect: { uri: "/new-home", authority: "www.example.com", redirectCode: 308 },
      headers: { response: { set: { "x-redirected-by": "routing-headers" } } },
    },
    {
      name: "to-https",
      match: [{ uri: { prefix: "/secure" } }],
      redirect: { scheme: "https" },
    },
    {
      name: "maintenance",
      match: [{ uri: { prefix: "/maintenance" } }],
      directResponse: { status: 503, body: { string: "down for maintenance" } },
      headers: { response: { set: { "retry-after": "120" } } },
    },
    {
      name: "layers",
      match: [{ uri: { prefix: "/layers" } }],
      headers: { response: { set: { "x-layer": "rule" }, add: { "x-from-rule": "1" } } },
      route: [{ destination: "v2", headers: { response: { set: { "x-layer": "destination" }, add: { "x-from-destination": "1" } } } }],
    },
    {
      name: "edits",
      match: [{ uri: { prefix: "/edits" } }],
      headers: {
        request: { set: { "x-set": "new" }, add: { "x-added": "a" }, remove: ["x-secret"] },
        response: { set: { "x-frame-options": "DENY" }, remove: ["x-upstream-internal"] },
      },
    },
  ],
};

describe.each(scenarioBackends())("routing-headers rewrites, redirects and edits on $name", (backend) => {
  let target: ScenarioTarget;
  beforeAll(async () => {
    target = await backend.start(twoVersions(configuration));
  });
  afterAll(async () => {
    await target?.stop();
  });

  it("rewrites the matched prefix and the authority, keeping the query", async () => {
    const response = await target.request({ path: "/legacy/items/7?full=1" });
    expect(response.status).toBe(200);
    expect(response.upstream).toMatchObject({ upstream: "v2", path: "/v2/items/7?full=1" });
    expect(response.upstream?.headers.host).toBe("api.internal");
    expect(response.upstream?.headers["x-version"]).toBe("2");
    expect(response.headers["x-served-by"]).toBe("v2");
  });

  it("rewrites a whole path matched exactly", async () => {
    const response = await target.request({ path: "/old-page?a=b" });
    expect(response.upstream).toMatchObject({ upstream: "v1", path: "/new-page?a=b" });
  });

  it("redirects with the configured code, path and authority, keeping the query", async () => {
    const response = await target.request({ path: "/moved/here?x=1" });
    expect(response.status).toBe(308);
    expect(response.upstream).toBeNull();
    expect(response.headers.location).toBe("http://www.example.com/new-home?x=1");
    expect(response.headers["x-redirected-by"]).toBe("routing-headers");
  });

  it("redirects to another scheme with the request's own authority and path", async () => {
    // fetch sets Host itself (the listener's address), so the authority is whatever the client sent.
    const response = await target.request({ path: "/secure/page?q=1" });
    expect(response.status).toBe(301);
    expect(response.headers.location).toMatch(/^https:\/\/[^/?#]+\/secure\/page\?q=1$/);
  });

  it("answers directly with the configured status, body and headers", async () => {
    const response = await target.request({ path: "/maintenance/now" });
    expect(response.status).toBe(503);
    expect(response.body).toBe("down for maintenance");
    expect(response.headers["retry-after"]).toBe("120");
    expect(response.upstream).toBeNull();
  });

  it("edits request headers for the upstream and response headers for the client", async () => {
    const response = await target.request({ path: "/edits", headers: { "x-set": "old", "x-added": "first", "x-secret": "s3cr3t" } });
    expect(response.status).toBe(200);
    const seen = response.upstream!.headers;
    expect(seen["x-set"]).toBe("new");
    expect(seen["x-added"]).toBe("first, a");
    expect(seen["x-secret"]).toBeUndefined();
    expect(response.headers["x-frame-options"]).toBe("DENY");
  });

  it("applies the rule's response edits, then its destination's", async () => {
    const response = await target.request({ path: "/layers" });
    expect(response.upstream).toMatchObject({ upstream: "v2" });
    expect(response.headers).toMatchObject({ "x-layer": "destination", "x-from-rule": "1", "x-from-destination": "1" });
  });

  it("leaves requests no rule matches untouched", async () => {
    const response = await target.request({ path: "/other", headers: { "x-secret": "kept" } });
    expect(response.upstream).toMatchObject({ upstream: "v1", path: "/other" });
    expect(response.upstream?.headers["x-secret"]).toBe("kept");
    expect(response.headers["x-frame-options"]).toBeUndefined();
  });
});
