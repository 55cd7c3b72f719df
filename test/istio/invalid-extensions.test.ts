// Broken variants of the repository's filters, as WasmPlugins and as
// TrafficExtensions, fail validation with the offending field named, as the
// API server (Istio's CRD schema and CEL rules, checked by Kubernetes' own
// code) or the filter itself (its on_configure) would refuse them.
import { beforeAll, describe, expect, it } from "vitest";
import { formatFieldError, toTrafficExtension, validateIstioResources, type ExtensionKind, type ExtensionResource, type WasmPlugin } from "../../packages/cli/src/istio/index.ts";
import { findWasmPlugin, manifestFile } from "./support/documents.ts";
import { filterConfigValidator } from "./support/filter-modules.ts";
import type { FilterName } from "./support/paths.ts";

const KINDS: readonly ExtensionKind[] = ["WasmPlugin", "TrafficExtension"];

/** The repository's WasmPlugin for `name`, changed by `change`, as a document of `kind` (a TrafficExtension keeps the name). */
function variant(kind: ExtensionKind, name: FilterName, change: (plugin: WasmPlugin) => void): ExtensionResource {
  const plugin = structuredClone(findWasmPlugin(manifestFile(`base/${name}.yaml`), name));
  change(plugin);
  if (kind === "WasmPlugin") return plugin;
  const traffic = toTrafficExtension(plugin);
  return { ...traffic, metadata: { ...traffic.metadata, name } };
}

/** A Wasm field's path in `kind`. */
const wasmField = (kind: ExtensionKind, field: string) => (kind === "WasmPlugin" ? `spec.${field}` : `spec.wasm.${field}`);

const refusedByIstio: [string, FilterName, (plugin: WasmPlugin) => void, (kind: ExtensionKind) => string, string][] = [
  ["a scheme Istio cannot fetch", "telemetry", (plugin) => (plugin.spec.url = "ftp://registry.example.com/telemetry.wasm"), (kind) => wasmField(kind, "url"), "url must have schema one of [http, https, file, oci]"],
  ["both selector and targetRefs", "jwt-authz", (plugin) => (plugin.spec.targetRefs = [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "shop-gateway" }]), () => "spec", "only one of targetRefs or selector can be set"],
  ["a sha256 that is too short", "routing-headers", (plugin) => (plugin.spec.sha256 = "abc123"), (kind) => wasmField(kind, "sha256"), 'Invalid value: "abc123"'],
  ["a sha256 of 63 digits", "routing-headers", (plugin) => (plugin.spec.sha256 = "a".repeat(63)), (kind) => wasmField(kind, "sha256"), "should match '(^$|^[a-f0-9]{64}$)'"],
  ["a sha256 of 65 digits", "routing-headers", (plugin) => (plugin.spec.sha256 = "a".repeat(65)), (kind) => wasmField(kind, "sha256"), "should match '(^$|^[a-f0-9]{64}$)'"],
  ["an upper-case sha256", "routing-headers", (plugin) => (plugin.spec.sha256 = "A".repeat(64)), (kind) => wasmField(kind, "sha256"), "should match"],
  ["a sha256 with the sha256: prefix", "routing-headers", (plugin) => (plugin.spec.sha256 = `sha256:${"a".repeat(64)}`), (kind) => wasmField(kind, "sha256"), `"sha256:${"a".repeat(64)}"`],
  ["a match port out of range", "fault-injection", (plugin) => (plugin.spec.match = [{ mode: "SERVER", ports: [{ number: 65536 }] }]), () => "spec.match[0].ports[0].number", "should be less than or equal to 65535"],
  ["a match port 0", "fault-injection", (plugin) => (plugin.spec.match = [{ ports: [{ number: 0 }] }]), () => "spec.match[0].ports[0].number", "should be greater than or equal to 1"],
];

const refusedByFilter: [FilterName, string, (config: Record<string, unknown>) => void, RegExp][] = [
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

/** Every variant of both kinds in one validator run; the problems of each, by "<kind>: <label>". */
let verdicts: Map<string, string[]>;
beforeAll(async () => {
  const entries = KINDS.flatMap((kind) => [
    ...refusedByIstio.map(([label, name, change]) => ({ key: `${kind}: ${label}`, doc: variant(kind, name, change) })),
    ...refusedByFilter.map(([name, label, change]) => ({ key: `${kind}: ${name}: ${label}`, doc: variant(kind, name, (plugin) => change(plugin.spec.pluginConfig as Record<string, unknown>)) })),
  ]);
  const results = await validateIstioResources(
    entries.map((entry) => entry.doc),
    { pluginConfigValidator: filterConfigValidator() },
  );
  verdicts = new Map(entries.map((entry, i) => [entry.key, results[i].errors.map(formatFieldError)]));
}, 600_000);

describe.each(KINDS)("%ss the API server refuses", (kind) => {
  it.each(refusedByIstio.map(([label, , , field, message]) => [label, field, message] as const))("names the field for %s", (label, field, message) => {
    const errors = verdicts.get(`${kind}: ${label}`)!;
    expect(errors.some((error) => error.startsWith(`${field(kind)}: `) && error.includes(message)), errors.join("\n")).toBe(true);
  });
});

describe.each(KINDS)("%ss the filter refuses (its on_configure, reported at pluginConfig)", (kind) => {
  it.each(refusedByFilter.map(([name, label, , expected]) => [name, label, expected] as const))("%s: %s", (name, label, expected) => {
    const errors = verdicts.get(`${kind}: ${name}: ${label}`)!;
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((error) => error.startsWith(`${wasmField(kind, "pluginConfig")}: `)), errors.join("\n")).toBe(true);
    expect(errors.join("\n")).toMatch(expected);
  });
});
