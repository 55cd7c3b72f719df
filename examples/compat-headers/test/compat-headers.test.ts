// compat-headers, written against the 0.1.15-style compat API, run on every
// scenario backend: local answer, request header rewriting, response header
// listing and rewriting, counters and the configuration log line.

import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarioBackends, validateEnvoyConfig, realEnvoySkipped, type Backend, type ScenarioTarget } from "@envoyscript/testkit";

const here = path.dirname(fileURLToPath(import.meta.url));
const module = path.join(here, "..", "build", "compat-headers.wasm");
const configuration = "greeting=hi from test; local_path=/answer-here; strip_prefix=x-drop-";

describe.each(scenarioBackends().map((backend) => [backend.name, backend] as [string, Backend]))("compat-headers on %s", (_name, backend) => {
  let target: ScenarioTarget;

  beforeAll(async () => {
    target = await backend.start({ filters: [{ module, rootId: "compat_headers", configuration }] });
  });
  afterAll(async () => target?.stop());

  it("answers the configured local path itself, with its headers", async () => {
    const response = await target.request({ path: "/answer-here" });
    expect(response.status).toBe(200);
    expect(response.body).toBe("local answer: hi from test\n");
    expect(response.headers["x-compat"]).toBe("local");
    expect(response.upstream).toBeNull();
  });

  it("adds, replaces and strips request headers before the upstream", async () => {
    const response = await target.request({
      path: "/through",
      headers: { "x-drop-one": "1", "x-drop-two": "2", "x-keep": "3", "x-request-mode": "client" },
    });
    expect(response.status).toBe(200);
    const seen = response.upstream!.headers;
    expect(seen["x-compat-greeting"]).toBe("hi from test");
    expect(seen["x-request-mode"]).toBe("compat");
    expect(seen["x-keep"]).toBe("3");
    expect(Object.keys(seen).filter((name) => name.startsWith("x-drop-"))).toEqual([]);
  });

  it("rewrites the response headers through get_headers/set_headers and adds the greeting", async () => {
    const response = await target.request({ path: "/through" });
    expect(response.headers["x-greeting"]).toBe("hi from test");
    // The filter counted the response headers before adding its own two; the client sees them all.
    const counted = Number(response.headers["x-response-header-count"]);
    expect(Number.isInteger(counted)).toBe(true);
    expect(counted).toBeGreaterThan(1);
    expect(response.headers["x-upstream"]).toBe("echo");
  });

  it("counts requests and local answers with Counters", async () => {
    const metrics = await target.metrics();
    expect(metrics.get("compat_headers_requests")).toBe(3);
    expect(metrics.get("compat_headers_local_responses")).toBe(1);
  });

  it("logs the configuration it read with get_configuration()", async () => {
    expect(await target.wasmLogs()).toContain("compat_headers: greeting=hi from test local_path=/answer-here strip_prefix=x-drop-");
  });
});

describe.skipIf(realEnvoySkipped())("compat-headers envoy.yaml", () => {
  it("is a configuration Envoy validates", () => {
    const result = validateEnvoyConfig(path.join(here, "..", "envoy.yaml"));
    expect(result.output).toMatch(/OK/);
    expect(result.ok).toBe(true);
  });
});
