// The cases istiod's own code translates (tools/istiod-translate, run by
// `npm run istio:goldens`) and the TypeScript translation must match
// (istiod-golden.test.ts). Each names its input documents (repository
// files, the kustomize overlays rendered, or inline YAML) and the proxy
// whose listener is built. Resolving a case reads and renders its inputs;
// the digest of the resolved input is kept in the golden, so a golden made
// from other inputs is noticed.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { ExtensionKind, ProxyWorkload } from "../../../packages/cli/src/istio/index.ts";
import { wasmBytes } from "../../../packages/cli/test/istio/fixtures.ts";
import { renderOverlay } from "../support/overlay.ts";
import { REPO_ROOT } from "../support/paths.ts";

/** The proxy, as the Go program takes it (and as ProxyWorkload reads it). */
export interface GoldenProxy {
  readonly kind: "sidecar" | "gateway";
  readonly gatewayName?: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly port: number;
  readonly traffic?: "inbound" | "outbound";
}

type Input = { readonly file: string } | { readonly overlay: ExtensionKind } | { readonly yaml: string };

interface GoldenCaseSpec {
  readonly name: string;
  readonly inputs: readonly Input[];
  readonly proxy: GoldenProxy;
  readonly defaultNamespace?: string;
  readonly pullSecrets?: Readonly<Record<string, string>>;
}

/** A case with its inputs read: what both translations get. */
export interface ResolvedCase {
  readonly name: string;
  readonly documents: string;
  readonly defaultNamespace: string;
  readonly proxy: GoldenProxy;
  readonly pullSecrets: Readonly<Record<string, string>>;
  readonly inputSha256: string;
}

const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

/** What the comparison test's fake registry and web server serve for a URL: a small module of its own... */
export function fakeModule(url: string): Uint8Array {
  return wasmBytes(sha256(url).slice(0, 16));
}

/** ...under a manifest digest of its own, so that cases can pin modules by their sha256. */
export function fakeManifestDigest(url: string): string {
  return sha256(`manifest of ${url}`);
}

export const GOLDEN_DIR = path.join(REPO_ROOT, "test", "istio", "istiod-golden", "goldens");

const checkout: GoldenProxy = { kind: "sidecar", namespace: "shop", labels: { app: "checkout" }, port: 8080, traffic: "inbound" };
const ingressGateway: GoldenProxy = { kind: "gateway", namespace: "istio-system", labels: { istio: "ingressgateway" }, port: 8080 };
const app: GoldenProxy = { kind: "sidecar", namespace: "default", labels: { app: "demo" }, port: 8080, traffic: "inbound" };

/** A Wasm extension of either kind, as YAML: `wasm` fields go to the spec (WasmPlugin) or under spec.wasm (TrafficExtension). */
function extension(kind: ExtensionKind, name: string, spec: Record<string, unknown>, wasm: Record<string, unknown>, metadata: Record<string, unknown> = {}): string {
  const phase = spec.phase === "UNSPECIFIED" && kind === "WasmPlugin" ? { phase: "UNSPECIFIED_PHASE" } : {};
  const body = kind === "WasmPlugin" ? { ...spec, ...phase, ...wasm } : { ...spec, wasm };
  return JSON.stringify({ apiVersion: "extensions.istio.io/v1alpha1", kind, metadata: { name, namespace: "default", ...metadata }, spec: body });
}

const both = (build: (kind: ExtensionKind) => string[]): string => (["WasmPlugin", "TrafficExtension"] as const).flatMap(build).join("\n---\n");

const module = (name: string) => ({ url: `oci://registry.example.com/filters/${name}:1.0.0` });

const matchDocs = both((kind) => [
  extension(kind, `${kind.toLowerCase()}-any`, {}, module("any")),
  extension(kind, `${kind.toLowerCase()}-server`, { match: [{ mode: "SERVER" }] }, module("server")),
  extension(kind, `${kind.toLowerCase()}-client`, { match: [{ mode: "CLIENT" }] }, module("client")),
  extension(kind, `${kind.toLowerCase()}-both-8080`, { match: [{ mode: "CLIENT_AND_SERVER", ports: [{ number: 8080 }] }] }, module("both-8080")),
  extension(kind, `${kind.toLowerCase()}-undefined-9090`, { match: [{ mode: "UNDEFINED", ports: [{ number: 9090 }] }] }, module("undefined-9090")),
  extension(kind, `${kind.toLowerCase()}-server-9090-or-client`, { match: [{ mode: "SERVER", ports: [{ number: 9090 }] }, { mode: "CLIENT" }] }, module("either")),
]);

export const GOLDEN_CASES: readonly GoldenCaseSpec[] = [
  { name: "filters-wasmplugin-checkout-sidecar", inputs: [{ overlay: "WasmPlugin" }], proxy: checkout },
  { name: "filters-wasmplugin-ingress-gateway", inputs: [{ overlay: "WasmPlugin" }], proxy: ingressGateway },
  { name: "filters-trafficextension-checkout-sidecar", inputs: [{ overlay: "TrafficExtension" }], proxy: checkout },
  { name: "filters-trafficextension-ingress-gateway", inputs: [{ overlay: "TrafficExtension" }], proxy: ingressGateway },
  { name: "trap-on-demand-fail-reload", inputs: [{ file: "examples/trap-on-demand/trafficextension.yaml" }], proxy: app },
  {
    name: "fail-strategies",
    inputs: [{ yaml: both((kind) => ["FAIL_CLOSE", "FAIL_OPEN", "FAIL_RELOAD", undefined].map((strategy) => extension(kind, `${kind.toLowerCase()}-${(strategy ?? "unset").toLowerCase().replace("_", "-")}`, {}, { ...module("f"), ...(strategy ? { failStrategy: strategy } : {}) }))) }],
    proxy: app,
  },
  { name: "match-sidecar-inbound-8080", inputs: [{ yaml: matchDocs }], proxy: app },
  { name: "match-sidecar-inbound-9090", inputs: [{ yaml: matchDocs }], proxy: { ...app, port: 9090 } },
  { name: "match-sidecar-outbound-8080", inputs: [{ yaml: matchDocs }], proxy: { ...app, traffic: "outbound" } },
  { name: "match-gateway-8080", inputs: [{ yaml: matchDocs }], proxy: { kind: "gateway", namespace: "default", labels: { app: "demo" }, port: 8080 } },
  {
    name: "network-tcp-filter",
    inputs: [
      {
        yaml: both((kind) => [
          extension(kind, `${kind.toLowerCase()}-tcp-filter`, { phase: "AUTHZ" }, { ...module("tcp-filter"), type: "NETWORK", pluginName: "tcp-filter", pluginConfig: { denyPrefix: "BLOCK" } }),
          extension(kind, `${kind.toLowerCase()}-http`, {}, { ...module("hello"), type: "HTTP" }),
          extension(kind, `${kind.toLowerCase()}-tcp-stats`, { phase: "STATS", priority: 5 }, { ...module("tcp-stats"), type: "NETWORK" }),
        ]),
      },
    ],
    proxy: app,
  },
  {
    name: "order-phases-priorities-names",
    inputs: [
      {
        yaml: [
          extension("WasmPlugin", "a", { phase: "AUTHZ" }, module("a")),
          extension("WasmPlugin", "a-b", { phase: "AUTHZ" }, module("a-b")),
          extension("TrafficExtension", "a", { phase: "AUTHZ" }, module("te-a")),
          extension("TrafficExtension", "z-first", { phase: "AUTHZ", priority: 100 }, module("z")),
          extension("WasmPlugin", "negative", { phase: "AUTHZ", priority: -100 }, module("neg")),
          extension("TrafficExtension", "authn", { phase: "AUTHN", priority: -3 }, module("authn")),
          extension("WasmPlugin", "stats-low", { phase: "STATS", priority: 1 }, module("s1")),
          extension("TrafficExtension", "stats-high", { phase: "STATS", priority: 50 }, module("s50")),
          extension("WasmPlugin", "explicit-unspecified", { phase: "UNSPECIFIED", priority: 7 }, module("u7")),
          extension("TrafficExtension", "unspecified", {}, module("u")),
          extension("WasmPlugin", "root-namespace", { phase: "AUTHZ" }, module("root"), { namespace: "istio-system" }),
          extension("TrafficExtension", "other-namespace", {}, module("other"), { namespace: "payments" }),
          extension("WasmPlugin", "other-app", { selector: { matchLabels: { app: "other" } } }, module("other-app")),
          extension("TrafficExtension", "this-app", { selector: { matchLabels: { app: "demo" } } }, module("this-app")),
        ].join("\n---\n"),
      },
    ],
    proxy: app,
  },
  {
    name: "env-pull-policy-pull-secret",
    inputs: [
      {
        yaml: both((kind) => [
          extension(kind, `${kind.toLowerCase()}-oci`, {}, {
            url: "oci://registry.example.com/filters/secured:1.0.0",
            sha256: fakeManifestDigest("oci://registry.example.com/filters/secured:1.0.0"),
            imagePullPolicy: "Always",
            imagePullSecret: "registry-credentials",
            vmConfig: { env: [{ name: "MODE", value: "strict" }, { name: "POD_NAME", valueFrom: "HOST" }, { name: "EMPTY" }] },
          }),
          extension(kind, `${kind.toLowerCase()}-oci-latest`, {}, { url: "registry.example.com/filters/latest:latest", vmConfig: { env: [{ name: "ONLY_HOST", valueFrom: "HOST" }] } }),
          extension(kind, `${kind.toLowerCase()}-https`, {}, { url: "https://files.example.com/filter.wasm", sha256: sha256(fakeModule("https://files.example.com/filter.wasm")), imagePullPolicy: "IfNotPresent" }),
          extension(kind, `${kind.toLowerCase()}-file`, {}, {
            url: "file:///opt/filters/filter.wasm",
            imagePullPolicy: "IfNotPresent",
            imagePullSecret: "registry-credentials",
            vmConfig: { env: [{ name: "MODE", value: "local" }] },
          }),
          extension(kind, `${kind.toLowerCase()}-file-bare`, {}, { url: "file:///opt/filters/bare.wasm" }),
        ]),
      },
    ],
    pullSecrets: { "registry-credentials": JSON.stringify({ auths: { "registry.example.com": { auth: Buffer.from("user:secret").toString("base64") } } }) },
    proxy: app,
  },
  {
    name: "plugin-config-bytes",
    inputs: [
      {
        yaml: both((kind) => [
          extension(kind, `${kind.toLowerCase()}-tricky`, {}, {
            ...module("cfg"),
            pluginName: "cfg",
            pluginConfig: {
              zeta: 1,
              alpha: { nested: [1, 2.5, -0.125, 1e21, 2 ** 63, 0.1, -7, 1e-7], empty: {}, none: [] },
              html: "<a href='x'>&amp;</a>",
              unicode: "héllo ✓ 🚀 \t\"quoted\"\\ \u0001",
              flags: [true, false, null],
              Upper: "case",
            },
          }),
          extension(kind, `${kind.toLowerCase()}-empty`, {}, { ...module("empty"), pluginConfig: {} }),
        ]),
      },
    ],
    proxy: app,
  },
  {
    name: "gateway-api-target-refs",
    inputs: [
      {
        yaml: both((kind) => [
          extension(kind, `${kind.toLowerCase()}-this-gateway`, { targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "shop-gateway" }] }, module("this")),
          extension(kind, `${kind.toLowerCase()}-other-gateway`, { targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "other-gateway" }] }, module("other")),
          extension(kind, `${kind.toLowerCase()}-by-selector`, { selector: { matchLabels: { app: "demo" } } }, module("selector")),
          extension(kind, `${kind.toLowerCase()}-service-ref`, { targetRefs: [{ group: "", kind: "Service", name: "demo" }] }, module("service")),
        ]),
      },
    ],
    proxy: { kind: "gateway", gatewayName: "shop-gateway", namespace: "default", labels: { app: "demo" }, port: 8080 },
  },
  {
    name: "target-refs-on-a-sidecar",
    inputs: [
      {
        yaml: both((kind) => [
          extension(kind, `${kind.toLowerCase()}-gateway-ref`, { targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "shop-gateway" }] }, module("ref")),
          extension(kind, `${kind.toLowerCase()}-selector`, { selector: { matchLabels: { app: "demo" } } }, module("selector")),
        ]),
      },
    ],
    proxy: app,
  },
  {
    name: "lua",
    inputs: [
      {
        yaml: [
          JSON.stringify({
            apiVersion: "extensions.istio.io/v1alpha1",
            kind: "TrafficExtension",
            metadata: { name: "lua-header", namespace: "default" },
            spec: { phase: "AUTHN", lua: { inlineCode: "function envoy_on_request(handle)\n  handle:headers():add(\"x-lua\", \"1\")\nend\n" } },
          }),
          extension("TrafficExtension", "wasm-after", { phase: "STATS" }, module("after")),
        ].join("\n---\n"),
      },
    ],
    proxy: app,
  },
];

/** Reads and renders a case's inputs. */
export function resolveCase(spec: GoldenCaseSpec): ResolvedCase {
  const documents = spec.inputs.map(readInput).join("\n---\n");
  const defaultNamespace = spec.defaultNamespace ?? "default";
  const pullSecrets = spec.pullSecrets ?? {};
  const inputSha256 = createHash("sha256").update(JSON.stringify({ documents, defaultNamespace, proxy: spec.proxy, pullSecrets })).digest("hex");
  return { name: spec.name, documents, defaultNamespace, proxy: spec.proxy, pullSecrets, inputSha256 };
}

function readInput(input: Input): string {
  if ("file" in input) return readFileSync(path.join(REPO_ROOT, input.file), "utf8");
  if ("overlay" in input) return renderOverlay({}, input.overlay);
  return input.yaml;
}

/** The proxy as the TypeScript translation takes it. */
export function workloadOf(proxy: GoldenProxy): ProxyWorkload {
  return { kind: proxy.kind, gatewayName: proxy.gatewayName, namespace: proxy.namespace, labels: proxy.labels, port: proxy.port, traffic: proxy.traffic };
}
