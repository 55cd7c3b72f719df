// Broken variants of the repository's WasmPlugins fail validation with the
// offending field named, as the API server (CRD schema and CEL rules) or
// the filter itself (its on_configure) would refuse them.
import { beforeAll, describe, expect, it } from "vitest";
import { formatFieldError, loadWasmPluginSchema, validateWasmPlugin, type WasmPlugin, type WasmPluginSchema } from "../../packages/cli/src/istio/index.ts";
import { findWasmPlugin, manifestFile } from "./support/documents.ts";
import { filterConfigValidator } from "./support/filter-modules.ts";
import type { FilterName } from "./support/paths.ts";

let schema: WasmPluginSchema;
beforeAll(async () => {
  schema = await loadWasmPluginSchema();
}, 180_000);

/** A deep copy of the repository's WasmPlugin for `name`, changed by `change`. */
function variant(name: FilterName, change: (plugin: WasmPlugin) => void): WasmPlugin {
  const plugin = structuredClone(findWasmPlugin(manifestFile(`base/${name}.yaml`), name));
  change(plugin);
  return plugin;
}

async function errorsOf(plugin: WasmPlugin): Promise<{ path: string; message: string; text: string }[]> {
  const validation = await validateWasmPlugin(plugin, { schema, pluginConfigValidator: filterConfigValidator() });
  expect(validation.valid).toBe(validation.errors.length === 0);
  return validation.errors.map((error) => ({ ...error, text: formatFieldError(error) }));
}

describe("WasmPlugins Istio refuses", () => {
  it("names spec.url for a scheme Istio cannot fetch", async () => {
    const errors = await errorsOf(variant("telemetry", (plugin) => (plugin.spec.url = "ftp://registry.example.com/telemetry.wasm")));
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe("spec.url");
    expect(errors[0].message).toContain("[http, https, file, oci]");
  });

  it("names spec when both selector and targetRefs are set", async () => {
    const errors = await errorsOf(
      variant("jwt-authz", (plugin) => (plugin.spec.targetRefs = [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "shop-gateway" }])),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe("spec");
    expect(errors[0].message).toContain("targetRefs");
    expect(errors[0].message).toContain("selector");
  });

  it.each([
    ["too short", "abc123"],
    ["63 digits", "a".repeat(63)],
    ["65 digits", "a".repeat(65)],
    ["upper case", "A".repeat(64)],
    ["with the sha256: prefix", `sha256:${"a".repeat(64)}`],
  ])("names spec.sha256 for a digest %s", async (_what, sha256) => {
    const errors = await errorsOf(variant("routing-headers", (plugin) => (plugin.spec.sha256 = sha256)));
    expect(errors.map((error) => error.path)).toEqual(["spec.sha256"]);
    expect(errors[0].text).toContain(JSON.stringify(sha256));
  });
});

describe("WasmPlugins the filter refuses (its on_configure, reported at spec.pluginConfig)", () => {
  const cases: [FilterName, string, (config: Record<string, unknown>) => void, RegExp][] = [
    [
      "routing-headers",
      "weights that do not sum to 100",
      (config) => ((config.rules as { route?: { weight?: number }[] }[])[1].route![1].weight = 15),
      /rules\[1\]\.route: weights sum to 110/,
    ],
    ["fault-injection", "an HTTP status out of range", (config) => (config.abort = { httpStatus: 700 }), /abort\.httpStatus.*700/],
    ["jwt-authz", "a misspelt field", (config) => ((config.jwtRules as Record<string, unknown>[])[0].audience = ["checkout"]), /jwtRules\[0\].*audience/],
    [
      "telemetry",
      "an unknown attribute in a dimension",
      (config) => ((config.metrics as { dimensions: Record<string, unknown> }).dimensions.team = 'request.header["x-team"]'),
      /metrics\.dimensions\.team.*request\.header/,
    ],
  ];

  it.each(cases)("%s: %s", async (name, _what, change, expected) => {
    const errors = await errorsOf(variant(name, (plugin) => change(plugin.spec.pluginConfig as Record<string, unknown>)));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((error) => error.path === "spec.pluginConfig")).toBe(true);
    expect(errors.map((error) => error.message).join("\n")).toMatch(expected);
  });
});
