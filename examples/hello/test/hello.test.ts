import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envoyBackend, realEnvoySkipped, validateEnvoyConfig, type ScenarioTarget } from "@envoyscript/testkit";

const here = path.dirname(fileURLToPath(import.meta.url));
const module = path.join(here, "..", "build", "hello.wasm");

describe.skipIf(realEnvoySkipped())("hello in real Envoy", () => {
  let target: ScenarioTarget;

  beforeAll(async () => {
    target = await envoyBackend.start({ filters: [{ module, rootId: "hello", configuration: { greeting: "envoyscript" } }] });
  });
  afterAll(async () => target?.stop());

  it("adds x-hello to the response and logs the request", async () => {
    const response = await target.request({ path: "/greet?who=me" });
    expect(response.status).toBe(200);
    expect(response.headers["x-hello"]).toBe("envoyscript");
    expect(response.upstream?.path).toBe("/greet?who=me");
    expect(await target.wasmLogs()).toContain("hello: GET /greet?who=me");
  });

  it("has an envoy.yaml that Envoy validates", () => {
    const result = validateEnvoyConfig(path.join(here, "..", "envoy.yaml"));
    expect(result.output).toMatch(/OK/);
    expect(result.ok).toBe(true);
  });
});
