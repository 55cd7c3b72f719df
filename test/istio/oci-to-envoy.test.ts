// The way a filter reaches an Istio proxy, with real pieces: each module is
// pushed to Debian's docker-registry (the reference registry) and read back
// by skopeo (an independent client); then the repository's manifests,
// rendered through the overlay with the local registry and the pushed
// digests, are translated as istiod and the sidecar's agent would (the
// modules pulled from the registry, digests checked) and run in real Envoy.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { realEnvoySkipped, startEnvoy, startUpstream, type EchoedRequest, type EnvoyInstance, type UpstreamServer } from "@envoyscript/testkit";
import { emulateProxy, type EnvoyWasmFilter, type ExtensionKind, type ProxyTranslation, type WasmPlugin } from "../../packages/cli/src/istio/index.ts";
import { pushModule, type PushResult } from "../../packages/cli/src/oci/index.ts";
import { useRegistry } from "../../packages/cli/test/oci/registry-fixture.ts";
import { skopeoCopyToDir, skopeoRawManifest } from "../../packages/cli/test/oci/skopeo.ts";
import { findObject, parseObjects, type KubeObject } from "./support/documents.ts";
import { moduleBytes } from "./support/filter-modules.ts";
import { inboundChain, jwtAuthnFromRequestAuthentication, routesFromVirtualService, statsConfigFromPodAnnotations } from "./support/istio-proxy-emulation.ts";
import { testIssuer } from "./support/jwt-tokens.ts";
import { exampleSettings, renderOverlay, renderWithComponents } from "./support/overlay.ts";
import { FILTER_NAMES, type FilterName } from "./support/paths.ts";

const registry = useRegistry();
const scratch = mkdtempSync(path.join(os.tmpdir(), "envoyscript-istio-e2e-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const settings = exampleSettings();
const modules = Object.fromEntries(FILTER_NAMES.map((name) => [name, moduleBytes(name)])) as Record<FilterName, Uint8Array>;
const reference = (name: FilterName) => `${registry().host}/envoyscript/${name}:${settings.tag}`;
const pushed = {} as Record<FilterName, PushResult>;

beforeAll(async () => {
  for (const name of FILTER_NAMES) pushed[name] = await pushModule(modules[name], reference(name));
}, 120_000);

/** The settings key of a filter's digest: jwt-authz → jwtAuthzSha256. */
const digestKey = (name: FilterName) => `${name.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase())}Sha256`;
const hexOf = (digest: string) => digest.replace(/^sha256:/, "");

/**
 * The manifests as a user deploying from this registry renders them:
 * registry and digests in filter-settings.yaml; WasmPlugins, or
 * TrafficExtensions through overlays/example-traffic-extensions' component.
 */
function renderForLocalRegistry(digests: Partial<Record<FilterName, string>> = {}, kind: ExtensionKind = "WasmPlugin"): KubeObject[] {
  const pins = Object.fromEntries(FILTER_NAMES.map((name) => [digestKey(name), digests[name] ?? hexOf(pushed[name].manifestDigest)]));
  return parseObjects(renderOverlay({ registry: `${registry().host}/envoyscript`, ...pins }, kind), "kustomize build for the local registry");
}

const extensions = (objects: KubeObject[]) => objects.filter((doc) => doc.kind === "WasmPlugin" || doc.kind === "TrafficExtension");
const wasmPlugins = (objects: KubeObject[]) => objects.filter((doc) => doc.kind === "WasmPlugin") as unknown as WasmPlugin[];

function unpackPluginWasm(layer: Buffer): Buffer {
  return execFileSync("tar", ["-xzOf", "-", "plugin.wasm"], { input: layer, maxBuffer: 64 * 1024 * 1024 });
}

describe.each(FILTER_NAMES)("the %s image in the registry", (name) => {
  it("is the compat variant Istio pulls, read back by skopeo with the module as plugin.wasm", () => {
    const raw = skopeoRawManifest(reference(name));
    expect(`sha256:${createHash("sha256").update(raw.text).digest("hex")}`).toBe(pushed[name].manifestDigest);
    expect(raw.json.mediaType).toBe("application/vnd.oci.image.manifest.v1+json");
    expect(raw.json.config.mediaType).toBe("application/vnd.oci.image.config.v1+json");
    expect(raw.json.layers.map((layer) => layer.mediaType)).toEqual(["application/vnd.oci.image.layer.v1.tar+gzip"]);
    expect(raw.json.annotations).toEqual({ "module.wasm.image/variant": "compat" });

    const copied = skopeoCopyToDir(reference(name), path.join(scratch, `skopeo-${name}`));
    const plugin = unpackPluginWasm(copied.blob(raw.json.layers[0].digest));
    expect(plugin.length).toBe(modules[name].length);
    expect(Buffer.compare(plugin, Buffer.from(modules[name]))).toBe(0);
  });
});

describe("the rendered WasmPlugins pinned to the pushed digests", () => {
  it("refer to the local registry with each image's manifest digest", () => {
    const rendered = renderForLocalRegistry();
    for (const plugin of wasmPlugins(rendered)) {
      const name = plugin.metadata.name as FilterName;
      expect(plugin.spec.url).toBe(`oci://${reference(name)}`);
      expect(plugin.spec.sha256).toBe(hexOf(pushed[name].manifestDigest));
    }
  });

  it("are refused, as Istio's agent would refuse them, when a digest belongs to another image", async () => {
    const rendered = renderForLocalRegistry({ telemetry: hexOf(pushed["jwt-authz"].manifestDigest) });
    const run = emulateProxy(wasmPlugins(rendered), { workload: { labels: { app: settings.app }, namespace: settings.namespace, traffic: "inbound" }, moduleDir: path.join(scratch, "refused") });
    await expect(run).rejects.toMatchObject({ code: "E_MODULE_CHECKSUM" });
    await expect(run).rejects.toThrow(hexOf(pushed["jwt-authz"].manifestDigest));
  });
});

describe.skipIf(realEnvoySkipped())("routing-headers pulled from the registry as a TrafficExtension, on the ingress gateway in real Envoy", () => {
  let translation: ProxyTranslation;
  let v1: UpstreamServer;
  let v2: UpstreamServer;
  let envoy: EnvoyInstance;

  beforeAll(async () => {
    const rendered = renderForLocalRegistry({}, "TrafficExtension");
    translation = await emulateProxy(extensions(rendered), {
      workload: { kind: "gateway", labels: { istio: "ingressgateway" }, namespace: settings.gatewayNamespace },
      moduleDir: path.join(scratch, "gateway-modules"),
    });
    v1 = await startUpstream("v1");
    v2 = await startUpstream("v2");
    // The gateway's routes as istiod builds them from the VirtualService: one cluster per subset.
    const routes = routesFromVirtualService(findObject(rendered, "VirtualService"), (_host, subset) => subset ?? "v1");
    envoy = await startEnvoy({
      filters: inboundChain(translation, {}),
      upstreams: [{ name: "v1", port: v1.port }, { name: "v2", port: v2.port }],
      routes,
    });
  }, 120_000);

  afterAll(async () => {
    await envoy?.stop();
    await v1?.close();
    await v2?.close();
  });

  async function send(headers: Record<string, string> = {}, path = "/cart"): Promise<{ status: number; lane: string | null; echoed: EchoedRequest }> {
    const response = await fetch(`${envoy.listenerUrl}${path}`, { headers });
    return { status: response.status, lane: response.headers.get("x-route-lane"), echoed: (await response.json()) as EchoedRequest };
  }

  it("holds only routing-headers, with the module the registry served", () => {
    const [filter] = translation.httpFilters as EnvoyWasmFilter[];
    expect(translation.httpFilters).toHaveLength(1);
    expect(filter.name).toBe(`extensions.istio.io/trafficextension/${settings.gatewayNamespace}.routing-headers`);
    expect(filter.typed_config.config.root_id).toBe("routing-headers");
    expect(Buffer.compare(readFileSync(filter.typed_config.config.vm_config.code.local.filename), Buffer.from(modules["routing-headers"]))).toBe(0);
    expect(translation.skipped.map((skipped) => skipped.extension).sort()).toEqual(
      ["fault-injection", "jwt-authz", "telemetry"].map((name) => `TrafficExtension ${settings.namespace}/${name}`),
    );
  });

  it("sends beta users to v2, by header or by cookie", async () => {
    const beta: Record<string, string>[] = [{ "x-beta-user": "true" }, { cookie: "theme=dark; beta=1" }];
    for (const headers of beta) {
      const { status, lane, echoed } = await send(headers);
      expect(status).toBe(200);
      expect(echoed.upstream).toBe("v2");
      expect(echoed.headers["x-route-destination"]).toBe("v2");
      expect(lane).toBe("v2");
    }
  });

  it("sends everyone else to v1", async () => {
    const { echoed, lane } = await send({ "x-beta-user": "false" });
    expect(echoed.upstream).toBe("v1");
    expect(echoed.headers["x-route-destination"]).toBe("v1");
    expect(lane).toBe("v1");
  });

  it("does not let a client pick the lane itself", async () => {
    const { echoed } = await send({ "x-route-destination": "v2" });
    expect(echoed.upstream).toBe("v1");
    expect(echoed.headers["x-route-destination"]).toBe("v1");
  });
});

describe.skipIf(realEnvoySkipped())("jwt-authz, telemetry and fault-injection pulled from the registry, on the checkout sidecar in real Envoy", () => {
  const issuer = testIssuer("test-key");
  const otherIssuer = testIssuer("test-key");
  let rendered: KubeObject[];
  let translation: ProxyTranslation;
  let upstream: UpstreamServer;
  let envoy: EnvoyInstance;

  const token = (claims: Record<string, unknown> = {}, signer = issuer) =>
    signer.sign({ iss: "https://issuer.example.com", sub: "alice", aud: "checkout", exp: Math.floor(Date.now() / 1000) + 3600, tenant: "acme", ...claims });

  beforeAll(async () => {
    rendered = renderForLocalRegistry();
    translation = await emulateProxy(wasmPlugins(rendered), {
      workload: { labels: { app: settings.app, version: "v1" }, namespace: settings.namespace, traffic: "inbound" },
      moduleDir: path.join(scratch, "sidecar-modules"),
    });
    // The pod template as the telemetry-sidecar component patches it.
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${settings.app}-v1, labels: { app: ${settings.app} } }
spec:
  selector: { matchLabels: { app: ${settings.app}, version: v1 } }
  template:
    metadata: { labels: { app: ${settings.app}, version: v1 } }
    spec: { containers: [{ name: app, image: registry.example.com/${settings.app}:1 }] }
`;
    const patched = findObject(parseObjects(renderWithComponents({ "deployment.yaml": deployment }, ["components/telemetry-sidecar"]), "workload"), "Deployment");
    const annotations = (patched.spec as { template: { metadata: { annotations: Record<string, string> } } }).template.metadata.annotations;
    // istiod inlines the JWKS it fetched from jwksUri; the test issuer's keys stand in for them.
    const jwtAuthn = jwtAuthnFromRequestAuthentication(findObject(rendered, "RequestAuthentication"), () => issuer.jwks);
    upstream = await startUpstream("checkout-v1");
    envoy = await startEnvoy({
      filters: inboundChain(translation, { "envoy.filters.http.jwt_authn": jwtAuthn }),
      upstreams: [{ name: "inbound", port: upstream.port }],
      statsConfig: statsConfigFromPodAnnotations(annotations),
      // The sidecar's node metadata names the workload (telemetry's destination_workload).
      node: { metadata: { WORKLOAD_NAME: `${settings.app}-v1` } },
    });
  }, 120_000);

  afterAll(async () => {
    await envoy?.stop();
    await upstream?.close();
  });

  async function send(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
    const response = await fetch(`${envoy.listenerUrl}${path}`, { headers });
    return { status: response.status, body: await response.text() };
  }

  it("orders the plugins by phase around Istio's jwt_authn", () => {
    const names = inboundChain(translation, { "envoy.filters.http.jwt_authn": { name: "envoy.filters.http.jwt_authn", typed_config: {} } }).map((filter) =>
      "native" in filter ? ((filter.native.typed_config as { config?: { root_id?: string } }).config?.root_id ?? filter.native.name) : "?",
    );
    expect(names).toEqual(["envoy.filters.http.jwt_authn", "jwt-authz", "telemetry", "fault-injection"]);
    expect(translation.skipped.map((skipped) => skipped.extension)).toEqual([`WasmPlugin ${settings.gatewayNamespace}/routing-headers`]);
  });

  it("lets a verified caller through with its identity and without its token", async () => {
    const { status, body } = await send("/orders", { authorization: `Bearer ${token()}`, "x-team": "payments" });
    expect(status).toBe(200);
    const echoed = JSON.parse(body) as EchoedRequest;
    expect(echoed.headers["x-user"]).toBe("alice");
    expect(echoed.headers.authorization).toBeUndefined();
  });

  it("refuses a request without a token (403 from jwt-authz) except on /healthz", async () => {
    expect(await send("/orders", { "x-team": "payments" })).toEqual({ status: 403, body: "RBAC: access denied" });
    expect((await send("/healthz")).status).toBe(200);
  });

  it("refuses a token the issuer did not sign (401 from jwt_authn)", async () => {
    expect((await send("/orders", { authorization: `Bearer ${token({}, otherIssuer)}` })).status).toBe(401);
  });

  it("applies claim rules: /admin/* only for the admin group", async () => {
    expect((await send("/admin/users", { authorization: `Bearer ${token({ groups: ["staff"] })}` })).status).toBe(403);
    expect((await send("/admin/users", { authorization: `Bearer ${token({ groups: ["staff", "admin"] })}` })).status).toBe(200);
  });

  it("injects a fault only into a chaos test request that asks for one", async () => {
    const auth = { authorization: `Bearer ${token()}`, "x-team": "payments" };
    expect(await send("/orders", { ...auth, "x-chaos-test": "true", "x-envoy-fault-abort-request": "503" })).toEqual({ status: 503, body: "fault filter abort" });
    expect((await send("/orders", { ...auth, "x-envoy-fault-abort-request": "503" })).status).toBe(200);
  });

  it("counts every outcome in labelled metrics that survive Istio's stats matcher", async () => {
    const requests = async (n: number, path: string, headers: Record<string, string>) => {
      for (let i = 0; i < n; i++) await send(path, headers);
    };
    const auth = { authorization: `Bearer ${token({ tenant: "globex" })}`, "x-team": "search" };
    await requests(3, "/orders", auth);
    await requests(2, "/orders", { "x-team": "search" });
    await requests(1, "/orders", { ...auth, "x-chaos-test": "true", "x-envoy-fault-abort-request": "503" });

    const samples = (await envoy.prometheus()).filter((sample) => sample.name === "envoyscript_requests_total" && sample.labels.team === "search");
    const count = (code: string, tenant: string) =>
      samples.find((sample) => sample.labels.response_code === code && sample.labels.tenant === tenant)?.value;
    expect(count("200", "globex")).toBe(3);
    expect(count("403", "anonymous")).toBe(2);
    expect(count("503", "globex")).toBe(1);
    for (const sample of samples) {
      expect(sample.labels).toMatchObject({ request_method: "GET", destination_workload: `${settings.app}-v1` });
    }
    // Istio keeps only the stats its inclusion list names: Envoy's own HTTP stats are gone.
    expect([...(await envoy.stats()).keys()].filter((name) => name.startsWith("http."))).toEqual([]);
  });
});
