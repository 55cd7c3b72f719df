import { beforeAll, describe, expect, it, vi } from "vitest";
import { assertValidWasmPlugin, formatFieldError, validateWasmPlugin, type WasmPluginSchema } from "../../src/istio/index.ts";
import { PROVISION_TIMEOUT_MS, pinnedSchema, wasmPlugin } from "./fixtures.ts";

let schema: WasmPluginSchema;
beforeAll(async () => {
  schema = await pinnedSchema();
}, PROVISION_TIMEOUT_MS);

async function errorsOf(doc: unknown): Promise<string[]> {
  const validation = await validateWasmPlugin(doc, { schema });
  expect(validation.valid).toBe(validation.errors.length === 0);
  return validation.errors.map(formatFieldError);
}

describe("validating WasmPlugins against Istio's CRD", () => {
  it.each([
    ["a minimal plugin", {}],
    ["a scheme-less OCI reference (Istio defaults to oci://)", { url: "ghcr.io/example/filter:1.0.0" }],
    ["a file:// module", { url: "file:///opt/filters/filter.wasm" }],
    ["an https module with its sha256", { url: "https://example.com/filter.wasm", sha256: "a".repeat(64) }],
    ["an empty sha256 (the CRD's pattern allows it)", { sha256: "" }],
    [
      "every field set",
      {
        selector: { matchLabels: { app: "reviews", version: "v1" } },
        sha256: "0123456789abcdef".repeat(4),
        imagePullPolicy: "IfNotPresent",
        imagePullSecret: "registry-credentials",
        pluginConfig: { nested: { list: [1, "two", { three: 3 }] }, flag: true },
        pluginName: "my_root",
        phase: "AUTHZ",
        priority: -5,
        failStrategy: "FAIL_RELOAD",
        vmConfig: { env: [{ name: "MODE", value: "strict" }, { name: "POD_NAME", valueFrom: "HOST" }, { name: "EMPTY", valueFrom: "INLINE" }] },
        match: [{ mode: "SERVER", ports: [{ number: 8080 }, { number: 9090 }] }],
        type: "HTTP",
      },
    ],
    ["targetRefs alone", { targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "ingress" }] }],
    ["a null priority (the field is nullable)", { priority: null }],
  ])("accepts %s", async (_label, spec) => {
    expect(await errorsOf(wasmPlugin(spec))).toEqual([]);
  });

  it.each([
    ["a URL scheme Istio cannot fetch", { url: "ftp://example.com/filter.wasm" }, "spec.url: url must have schema one of [http, https, file, oci]"],
    ["a host:port reference without oci:// (parses as scheme 'localhost')", { url: "localhost:5000/filter:1" }, "spec.url: url must have schema one of"],
    ["an empty URL", { url: "" }, "spec.url: must be at least 1 characters long"],
    ["both selector and targetRefs", { selector: { matchLabels: { app: "a" } }, targetRefs: [{ kind: "Gateway", name: "g" }] }, "spec: only one of targetRefs or selector can be set"],
    ["both targetRef and targetRefs", { targetRef: { kind: "Gateway", name: "g" }, targetRefs: [{ kind: "Gateway", name: "g" }] }, "spec: only one of targetRefs or selector can be set"],
    ["a sha256 that is not 64 hex digits", { sha256: "abc123" }, "spec.sha256: must match (^$|^[a-f0-9]{64}$)"],
    ["an upper-case sha256", { sha256: "A".repeat(64) }, "spec.sha256: must match"],
    ["a pluginName over 256 characters", { pluginName: "p".repeat(257) }, "spec.pluginName: may be at most 256 characters long (got 257)"],
    ["an unknown phase", { phase: "AUTHORIZATION" }, 'spec.phase: unsupported value "AUTHORIZATION": must be one of "UNSPECIFIED_PHASE", "AUTHN", "AUTHZ", "STATS"'],
    ["an unknown failStrategy", { failStrategy: "FAIL_SOFT" }, "spec.failStrategy: unsupported value"],
    ["a HOST env variable with a value", { vmConfig: { env: [{ name: "A", valueFrom: "HOST", value: "x" }] } }, "spec.vmConfig.env[0]: value may only be set when valueFrom is INLINE"],
    ["an env variable without a name", { vmConfig: { env: [{ value: "x" }] } }, "spec.vmConfig.env[0].name: is required"],
    ["two env variables with the same name (a list-map keyed by name)", { vmConfig: { env: [{ name: "A" }, { name: "A", value: "b" }] } }, "spec.vmConfig.env[1]: duplicate value"],
    ["an unknown valueFrom", { vmConfig: { env: [{ name: "A", valueFrom: "SECRET" }] } }, "spec.vmConfig.env[0].valueFrom: unsupported value"],
    ["a priority beyond int32", { priority: 2 ** 31 }, "spec.priority: must fit in a 32-bit signed integer"],
    ["a fractional priority", { priority: 1.5 }, "spec.priority: must be of type integer"],
    ["a string priority", { priority: "10" }, 'spec.priority: must be of type integer (got string "10")'],
    ["a wildcard label value", { selector: { matchLabels: { app: "rev*" } } }, "spec.selector.matchLabels[app]: wildcard not allowed in label value match"],
    ["a wildcard label key", { selector: { matchLabels: { "ap*": "reviews" } } }, "spec.selector.matchLabels: wildcard not allowed in label key match"],
    ["a cross-namespace targetRef", { targetRef: { kind: "Gateway", name: "g", namespace: "other" } }, "spec.targetRef.namespace: cross namespace referencing is not currently supported"],
    ["more than 16 targetRefs", { targetRefs: Array.from({ length: 17 }, (_, i) => ({ kind: "Gateway", name: `g${i}` })) }, "spec.targetRefs: may have at most 16 items (got 17)"],
    ["port 0 in match", { match: [{ ports: [{ number: 0 }] }] }, "spec.match[0].ports[0].number: must be at least 1"],
    ["a pluginConfig that is not an object", { pluginConfig: "x=1" }, 'spec.pluginConfig: must be of type object (got string "x=1")'],
    ["an unknown spec field (a typo)", { pluginConfg: {} }, "spec.pluginConfg: unknown field"],
  ])("rejects %s", async (_label, spec, expected) => {
    const errors = await errorsOf(wasmPlugin(spec));
    expect(errors.some((error) => error.startsWith(expected))).toBe(true);
  });

  it("rejects a missing url as required", async () => {
    const doc = wasmPlugin();
    delete (doc.spec as Record<string, unknown>).url;
    expect(await errorsOf(doc)).toContain("spec.url: is required");
  });

  it("treats null in a non-nullable field as absent, like the API server's pruning", async () => {
    expect(await errorsOf(wasmPlugin({ url: null }))).toContain("spec.url: is required");
    expect(await errorsOf(wasmPlugin({ phase: null }))).toEqual([]);
  });

  it("checks apiVersion, kind and metadata", async () => {
    const doc = { ...wasmPlugin(), apiVersion: "extensions.istio.io/v1", kind: "WasmPlugins", metadata: { name: "My_Filter", namespace: "Default", labels: { "bad key!": "v" } } };
    const errors = await errorsOf(doc);
    expect(errors).toContain('apiVersion: must be one of "extensions.istio.io/v1alpha1" (got "extensions.istio.io/v1")');
    expect(errors).toContain('kind: must be "WasmPlugin" (got "WasmPlugins")');
    expect(errors.find((e) => e.startsWith("metadata.name: must be a lowercase RFC 1123 subdomain"))).toBeDefined();
    expect(errors.find((e) => e.startsWith("metadata.namespace: must be a lowercase RFC 1123 label"))).toBeDefined();
    expect(errors.find((e) => e.startsWith("metadata.labels[bad key!]: key must be a qualified name"))).toBeDefined();
    expect(await errorsOf({ ...wasmPlugin(), metadata: {} })).toContain("metadata.name: is required");
    expect(await errorsOf({ ...wasmPlugin(), spec: undefined })).toContain("spec: is required");
    expect(await errorsOf("url: x")).toEqual(['a WasmPlugin must be a YAML/JSON object, got "url: x"']);
  });

  it("does not run CEL rules over a mistyped value (the API server skips them after type errors)", async () => {
    const errors = await errorsOf(wasmPlugin({ url: 42 }));
    expect(errors).toEqual(["spec.url: must be of type string (got integer 42)"]);
  });

  it("reports every problem, not just the first", async () => {
    const errors = await errorsOf(wasmPlugin({ url: "ftp://x", sha256: "no", phase: "LATE" }));
    expect(errors.map((e) => e.split(":")[0]).sort()).toEqual(["spec.phase", "spec.sha256", "spec.url"]);
  });

  it("throws one CliError listing every problem from assertValidWasmPlugin", async () => {
    const validation = await validateWasmPlugin(wasmPlugin({ sha256: "no", pluginName: "" }), { schema });
    expect(() => assertValidWasmPlugin(validation)).toThrow(/spec\.sha256: must match[\s\S]*spec\.pluginName: must be at least 1 characters long/);
    expect(() => assertValidWasmPlugin({ valid: true, errors: [] })).not.toThrow();
  });
});

describe("the pluginConfig check hook", () => {
  it("hands pluginName and pluginConfig to the validator and reports its messages at spec.pluginConfig", async () => {
    const pluginConfigValidator = vi.fn((pluginName: string, config: Record<string, unknown> | undefined) =>
      typeof config?.limit === "number" && config.limit > 0 ? [] : [`${pluginName}: "limit" must be a positive number`],
    );
    const bad = await validateWasmPlugin(wasmPlugin({ pluginName: "rate_limit", pluginConfig: { limit: -1 } }), { schema, pluginConfigValidator });
    expect(bad.errors.map(formatFieldError)).toEqual(['spec.pluginConfig: rate_limit: "limit" must be a positive number']);
    expect(pluginConfigValidator).toHaveBeenCalledWith("rate_limit", { limit: -1 });

    const good = await validateWasmPlugin(wasmPlugin({ pluginName: "rate_limit", pluginConfig: { limit: 5 } }), { schema, pluginConfigValidator });
    expect(good.valid).toBe(true);
  });

  it("accepts an async validator and passes undefined when the plugin has no configuration", async () => {
    const pluginConfigValidator = vi.fn(async () => ["configuration required"]);
    const result = await validateWasmPlugin(wasmPlugin(), { schema, pluginConfigValidator });
    expect(pluginConfigValidator).toHaveBeenCalledWith("", undefined);
    expect(result.errors).toEqual([{ path: "spec.pluginConfig", message: "configuration required" }]);
  });

  it("is not called for a document the schema already rejects", async () => {
    const pluginConfigValidator = vi.fn(() => []);
    const result = await validateWasmPlugin(wasmPlugin({ url: "ftp://x" }), { schema, pluginConfigValidator });
    expect(result.valid).toBe(false);
    expect(pluginConfigValidator).not.toHaveBeenCalled();
  });
});
