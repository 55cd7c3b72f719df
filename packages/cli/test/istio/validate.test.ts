// WasmPlugins and TrafficExtensions validated as the Kubernetes API server
// validates them on create, by its own code (the kube-validate Go program,
// k8s.io/apiextensions-apiserver), against Istio's pinned CRDs.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { assertValidResource, formatFieldError, validateIstioResource, validateIstioResources, type ExtensionKind } from "../../src/istio/index.ts";
import { PROVISION_TIMEOUT_MS, extension, trafficExtension, wasmFieldPath, wasmPlugin } from "./fixtures.ts";

const KINDS: readonly ExtensionKind[] = ["WasmPlugin", "TrafficExtension"];

const accepted: [string, Record<string, unknown>][] = [
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
      type: "NETWORK",
    },
  ],
  ["targetRefs alone", { targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "ingress" }] }],
  ["a null priority (the field is nullable)", { priority: null }],
  ["a null sha256 (pruned, as kustomize writes an empty setting)", { sha256: null }],
];

/** [label, spec, field (a Wasm field's path is adjusted per kind), a piece of Kubernetes' message] */
const refused: [string, Record<string, unknown>, string, string][] = [
  ["a URL scheme Istio cannot fetch", { url: "ftp://example.com/filter.wasm" }, "url", "url must have schema one of [http, https, file, oci]"],
  ["a host:port reference without oci:// (parses as scheme 'localhost')", { url: "localhost:5000/filter:1" }, "url", "url must have schema one of"],
  ["an empty URL", { url: "" }, "url", "should be at least 1 chars long"],
  ["both selector and targetRefs", { selector: { matchLabels: { app: "a" } }, targetRefs: [{ kind: "Gateway", name: "g" }] }, "", "only one of targetRefs or selector can be set"],
  ["a sha256 that is not 64 hex digits", { sha256: "abc123" }, "sha256", "should match '(^$|^[a-f0-9]{64}$)'"],
  ["an upper-case sha256", { sha256: "A".repeat(64) }, "sha256", "should match"],
  ["a pluginName over 256 characters", { pluginName: "p".repeat(257) }, "pluginName", "may not be more than 256 bytes"],
  ["an unknown failStrategy", { failStrategy: "FAIL_SOFT" }, "failStrategy", 'Unsupported value: "FAIL_SOFT"'],
  ["an unknown pull policy", { imagePullPolicy: "Never" }, "imagePullPolicy", 'Unsupported value: "Never"'],
  ["an unknown plugin type", { type: "UDP" }, "type", 'Unsupported value: "UDP"'],
  ["a HOST env variable with a value", { vmConfig: { env: [{ name: "A", valueFrom: "HOST", value: "x" }] } }, "vmConfig.env[0]", "value may only be set when valueFrom is INLINE"],
  ["an env variable without a name", { vmConfig: { env: [{ value: "x" }] } }, "vmConfig.env[0].name", "Required value"],
  ["two env variables with the same name (a list-map keyed by name)", { vmConfig: { env: [{ name: "A" }, { name: "A", value: "b" }] } }, "vmConfig.env[1]", "Duplicate value"],
  ["an unknown valueFrom", { vmConfig: { env: [{ name: "A", valueFrom: "SECRET" }] } }, "vmConfig.env[0].valueFrom", 'Unsupported value: "SECRET"'],
  ["a fractional priority", { priority: 1.5 }, "priority", "must be of type int32"],
  ["a string priority", { priority: "10" }, "priority", "must be of type integer"],
  ["a wildcard label value", { selector: { matchLabels: { app: "rev*" } } }, "selector.matchLabels[app]", "wildcard not allowed in label value match"],
  ["a wildcard label key", { selector: { matchLabels: { "ap*": "reviews" } } }, "selector.matchLabels", "wildcard not allowed in label key match"],
  ["a cross-namespace targetRef", { targetRefs: [{ kind: "Gateway", name: "g", namespace: "other" }] }, "targetRefs[0].namespace", "cross namespace referencing is not currently supported"],
  ["more than 16 targetRefs", { targetRefs: Array.from({ length: 17 }, (_, i) => ({ kind: "Gateway", name: `g${i}` })) }, "targetRefs", "must have at most 16 items"],
  ["port 0 in match", { match: [{ ports: [{ number: 0 }] }] }, "match[0].ports[0].number", "should be greater than or equal to 1"],
  ["a match port out of range", { match: [{ mode: "SERVER", ports: [{ number: 65536 }] }] }, "match[0].ports[0].number", "should be less than or equal to 65535"],
  ["an unknown match mode", { match: [{ mode: "INBOUND" }] }, "match[0].mode", 'Unsupported value: "INBOUND"'],
  ["a pluginConfig that is not an object", { pluginConfig: "x=1" }, "pluginConfig", "must be of type object"],
  ["an unknown field (a typo)", { pluginConfg: {} }, "pluginConfg", 'unknown field'],
];

type Verdicts = Map<string, string[]>;

/** Every case of both kinds in one run of the validator (each run starts a process). */
async function verdicts(cases: [string, Record<string, unknown>][]): Promise<Verdicts> {
  const docs = KINDS.flatMap((kind) => cases.map(([label, spec]) => ({ key: `${kind}: ${label}`, doc: extension(kind, spec) })));
  const results = await validateIstioResources(docs.map((entry) => entry.doc));
  return new Map(docs.map((entry, i) => [entry.key, results[i].errors.map(formatFieldError)]));
}

let acceptedVerdicts: Verdicts;
let refusedVerdicts: Verdicts;
beforeAll(async () => {
  acceptedVerdicts = await verdicts(accepted);
  refusedVerdicts = await verdicts(refused.map(([label, spec]) => [label, spec]));
}, PROVISION_TIMEOUT_MS);

describe.each(KINDS)("validating a %s as the API server does", (kind) => {
  it.each(accepted)("accepts %s", (label) => {
    expect(acceptedVerdicts.get(`${kind}: ${label}`)).toEqual([]);
  });

  it.each(refused)("refuses %s, naming the field", (label, _spec, field, message) => {
    const errors = refusedVerdicts.get(`${kind}: ${label}`)!;
    const path = field === "" ? "spec" : wasmFieldPath(kind, field);
    expect(errors.some((error) => error.startsWith(`${path}: `) && error.includes(message)), errors.join("\n")).toBe(true);
  });
});

describe("the API server's checks around the schema", () => {
  it("refuses a TrafficExtension with both wasm and lua, or neither", async () => {
    const both = trafficExtension();
    (both.spec as Record<string, unknown>).lua = { inlineCode: "function envoy_on_request(h) end" };
    const neither = trafficExtension();
    delete (neither.spec as Record<string, unknown>).wasm;
    const [a, b] = await validateIstioResources([both, neither]);
    for (const result of [a, b]) expect(result.errors.map(formatFieldError)).toContain("spec: Invalid value: exactly one of wasm or lua must be set");
  });

  it("accepts a Lua TrafficExtension, and refuses one over 64 KiB", async () => {
    const lua = (inlineCode: string) => ({ ...trafficExtension(), spec: { lua: { inlineCode } } });
    const [small, large] = await validateIstioResources([lua("function envoy_on_request(h) end"), lua("x".repeat(65_537))]);
    expect(small.errors).toEqual([]);
    expect(large.errors.map(formatFieldError).join("\n")).toMatch(/spec\.lua\.inlineCode: Too long/);
  });

  it("refuses a missing url as required, and a null one too (the server prunes nulls first)", async () => {
    const missing = wasmPlugin();
    delete (missing.spec as Record<string, unknown>).url;
    const [a, b] = await validateIstioResources([missing, wasmPlugin({ url: null })]);
    expect(a.errors.map(formatFieldError)).toContain("spec.url: Required value");
    expect(b.errors.map(formatFieldError)).toContain("spec.url: Required value");
  });

  it("checks apiVersion, kind and metadata", async () => {
    const results = await validateIstioResources([
      { ...wasmPlugin(), apiVersion: "extensions.istio.io/v1" },
      { ...wasmPlugin(), kind: "WasmPlugins" },
      { ...wasmPlugin(), metadata: { name: "My_Filter", namespace: "Default", labels: { "bad key!": "v" } } },
      { ...wasmPlugin(), metadata: {} },
      { ...wasmPlugin(), spec: undefined },
    ]);
    const [apiVersion, kind, metadata, noName, noSpec] = results.map((result) => result.errors.map(formatFieldError).join("\n"));
    expect(apiVersion).toContain('apiVersion: Unsupported value: "extensions.istio.io/v1": supported values: "extensions.istio.io/v1alpha1"');
    expect(kind).toContain('kind: Unsupported value: "WasmPlugins"');
    expect(metadata).toMatch(/metadata\.name: Invalid value: "My_Filter": a lowercase RFC 1123 subdomain/);
    expect(metadata).toMatch(/metadata\.namespace: Invalid value: "Default": a lowercase RFC 1123 label/);
    expect(metadata).toMatch(/metadata\.labels: Invalid value: "bad key!": name part must consist of alphanumeric characters/);
    expect(noName).toContain("metadata.name: Required value: name or generateName is required");
    expect(noSpec).toContain("spec: Required value");
  });

  it("puts a document without a namespace in kubectl's default namespace", async () => {
    expect((await validateIstioResource(wasmPlugin({}, { namespace: undefined }))).errors).toEqual([]);
  });

  it("does not run CEL rules over a mistyped value (the API server skips them after type errors)", async () => {
    const errors = (await validateIstioResource(wasmPlugin({ url: 42 }))).errors.map(formatFieldError);
    expect(errors).toEqual([
      "Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation",
      'spec.url: Invalid value: "integer": spec.url in body must be of type string: "integer"',
    ]);
  });

  it("reports every problem, not just the first", async () => {
    const errors = (await validateIstioResource(wasmPlugin({ url: "ftp://x", sha256: "no", match: [{ ports: [{ number: 0 }] }] }))).errors;
    expect(errors.map((error) => error.path)).toEqual(["spec.match[0].ports[0].number", "spec.sha256", "spec.url"]);
  });

  it("throws one CliError listing every problem from assertValidResource", async () => {
    const validation = await validateIstioResource(wasmPlugin({ sha256: "no", pluginName: "" }));
    expect(() => assertValidResource(validation, "my-filter")).toThrow(/my-filter is not valid:\n {2}spec\.pluginName: [^\n]+\n {2}spec\.sha256: /);
    expect(() => assertValidResource({ valid: true, errors: [] }, "x")).not.toThrow();
  });
});

describe("the pluginConfig check hook", () => {
  it.each(KINDS)("hands a %s's pluginName and pluginConfig to the validator and reports its messages at pluginConfig", async (kind) => {
    const pluginConfigValidator = vi.fn((pluginName: string, config: Record<string, unknown> | undefined) =>
      typeof config?.limit === "number" && config.limit > 0 ? [] : [`${pluginName}: "limit" must be a positive number`],
    );
    const [bad, good] = await validateIstioResources(
      [extension(kind, { pluginName: "rate_limit", pluginConfig: { limit: -1 } }), extension(kind, { pluginName: "rate_limit", pluginConfig: { limit: 5 } })],
      { pluginConfigValidator },
    );
    expect(bad.errors.map(formatFieldError)).toEqual([`${wasmFieldPath(kind, "pluginConfig")}: rate_limit: "limit" must be a positive number`]);
    expect(pluginConfigValidator).toHaveBeenCalledWith("rate_limit", { limit: -1 });
    expect(good.valid).toBe(true);
  });

  it("accepts an async validator and passes undefined when the plugin has no configuration", async () => {
    const pluginConfigValidator = vi.fn(async () => ["configuration required"]);
    const result = await validateIstioResource(wasmPlugin(), { pluginConfigValidator });
    expect(pluginConfigValidator).toHaveBeenCalledWith("", undefined);
    expect(result.errors).toEqual([{ path: "spec.pluginConfig", message: "configuration required" }]);
  });

  it("is not called for a document the API server already refuses, nor for a Lua extension", async () => {
    const pluginConfigValidator = vi.fn(() => []);
    const lua = { ...trafficExtension(), spec: { lua: { inlineCode: "function envoy_on_request(h) end" } } };
    const [refusedDoc, luaDoc] = await validateIstioResources([wasmPlugin({ url: "ftp://x" }), lua], { pluginConfigValidator });
    expect(refusedDoc.valid).toBe(false);
    expect(luaDoc.valid).toBe(true);
    expect(pluginConfigValidator).not.toHaveBeenCalled();
  });
});
