import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ENVOY_PYPI_PACKAGE, ENVOY_VERSION, FUNC_E_MODULE, FUNC_E_VERSION } from "../../src/index.ts";

const readme = readFileSync(new URL("../../../../README.md", import.meta.url), "utf8");

describe("pinned versions", () => {
  it("are the ones the root README documents", () => {
    expect(readme).toContain(`${ENVOY_PYPI_PACKAGE}==${ENVOY_VERSION}`);
    expect(readme).toContain(`Envoy** ${ENVOY_VERSION}`);
    expect(readme).toContain(`${FUNC_E_MODULE}@${FUNC_E_VERSION}`);
    expect(readme).toContain(`func-e** ${FUNC_E_VERSION}`);
  });
});
