import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { realEnvoySkipped, scenarioBackends, validateEnvoyConfig, type FilterSetup, type ScenarioTarget } from "@envoyscript/testkit";

const here = path.dirname(fileURLToPath(import.meta.url));
const module = path.join(here, "..", "build", "hello.wasm");
const setup: FilterSetup = { filters: [{ module, rootId: "hello", configuration: { greeting: "envoyscript" } }] };

describe.each(scenarioBackends())("hello on $name", (backend) => {
  let target: ScenarioTarget;
  beforeAll(async () => {
    target = await backend.start(setup);
  });
  afterAll(async () => target?.stop());

  it("adds x-hello to the response and logs the request", async () => {
    const response = await target.request({ path: "/greet?who=me" });
    expect(response.status).toBe(200);
    expect(response.headers["x-hello"]).toBe("envoyscript");
    expect(response.upstream?.path).toBe("/greet?who=me");
    expect(await target.wasmLogs()).toContain("hello: GET /greet?who=me");
  });

  it("refuses a configuration whose greeting is not a string, naming the field", async () => {
    const error = await backend.start({ filters: [{ module, rootId: "hello", configuration: { greeting: 42 } }] }).catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/greeting/);
  });
});

describe.skipIf(realEnvoySkipped())("hello's envoy.yaml", () => {
  it("is valid for Envoy", () => {
    const result = validateEnvoyConfig(path.join(here, "..", "envoy.yaml"));
    expect(result.output).toMatch(/OK/);
    expect(result.ok).toBe(true);
  });
});
