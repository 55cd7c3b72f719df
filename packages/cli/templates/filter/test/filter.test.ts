import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scenarioBackends, type FilterSetup, type ScenarioTarget } from "@envoyscript/testkit";

const setup: FilterSetup = {
  filters: [{ module: "build/{{name}}.wasm", rootId: "{{name}}", configuration: readFileSync("config.json", "utf8") }],
};

// The same scenario runs in-process (emulator) and in a real Envoy started through func-e.
describe.each(scenarioBackends())("{{name}} on $name", (backend) => {
  let target: ScenarioTarget;
  beforeAll(async () => {
    target = await backend.start(setup);
  });
  afterAll(async () => target?.stop());

  it("adds the configured header to the response", async () => {
    const response = await target.request({ path: "/hello" });
    expect(response.status).toBe(200);
    expect(response.headers["x-{{name}}"]).toBe("hello from {{name}}");
    expect(response.upstream?.path).toBe("/hello");
  });

  it("refuses a configuration without a header, naming the field", async () => {
    const started = backend.start({ filters: [{ module: "build/{{name}}.wasm", rootId: "{{name}}", configuration: { value: "v" } }] });
    const error = await started.then(
      async (running) => (await running.stop(), undefined),
      (caught: unknown) => caught as Error,
    );
    expect(error?.message).toContain("{{name}}: header: required field is missing [E_CONFIG_MISSING]");
  });

  it("counts requests", async () => {
    const before = (await target.metrics()).get("{{metricName}}_requests_total") ?? 0;
    await target.request();
    expect((await target.metrics()).get("{{metricName}}_requests_total")).toBe(before + 1);
  });
});
