import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envoyBackend, type FilterSetup, type ScenarioTarget } from "@envoyscript/testkit";

const here = path.dirname(fileURLToPath(import.meta.url));
const module = path.join(here, "..", "build", "abi-conformance.wasm");

const setup: FilterSetup = {
  filters: [{ module, rootId: "abi-conformance", configuration: { httpCluster: "callout", tickMilliseconds: 20 } }],
  calloutClusters: { callout: () => ({ status: 200, headers: { "x-callout": "yes" }, body: "callout-body" }) },
};

describe("ABI conformance on envoy", () => {
  let target: ScenarioTarget;
  beforeAll(async () => {
    target = await envoyBackend.start(setup);
  });
  afterAll(async () => target?.stop());

  it("passes every check of a plain request", async () => {
    const response = await target.request({ path: "/conformance?x=1", headers: { "x-conformance-input": "in", "x-conformance-removed": "gone", "x-conformance-replaced": "old" } });
    console.log(response.status, response.headers, response.body.slice(0, 300));
    console.log((await target.wasmLogs()).join("\n"));
  });
});
