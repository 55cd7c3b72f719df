import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { stringify } from "yaml";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { emulateProxy, type EmulateOptions, type EnvoyWasmFilter, type ExtensionKind, type ProxyTranslation } from "../../src/istio/index.ts";
import { kubeValidateBinary } from "../../src/istio/kube-validator.ts";
import { PROVISION_TIMEOUT_MS, extension, tempDir, wasmBytes, writeWasm } from "./fixtures.ts";

const KINDS: readonly ExtensionKind[] = ["WasmPlugin", "TrafficExtension"];

let moduleFile: string;
let moduleDir: string;
beforeAll(async () => {
  await kubeValidateBinary();
  const dir = tempDir();
  moduleFile = writeWasm(dir);
  moduleDir = path.join(dir, "modules");
}, PROVISION_TIMEOUT_MS);

const noOci = async (): Promise<never> => {
  throw new Error("no OCI pull expected in this test");
};

function emulate(docs: unknown[] | string, options: EmulateOptions = {}): Promise<ProxyTranslation> {
  return emulateProxy(docs, { moduleDir, fetchOci: noOci, ...options });
}

/** A resource of `kind` whose module is the local test file. */
function local(name: string, spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}, kind: ExtensionKind = "WasmPlugin") {
  return extension(kind, { url: `file://${moduleFile}`, ...spec }, { name, ...metadata });
}

const names = (filters: readonly { typed_config: unknown }[]) => filters.map((filter) => (filter as EnvoyWasmFilter).typed_config.config.name);
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("ordering and naming, as istiod does", () => {
  it("orders extensions by phase (AUTHN, AUTHZ, STATS, unspecified), then by priority, highest first", async () => {
    const docs = [
      local("unspecified"),
      local("stats-low", { phase: "STATS", priority: 1 }),
      local("authz-none", { phase: "AUTHZ" }),
      local("authz-high", { phase: "AUTHZ", priority: 100 }, {}, "TrafficExtension"),
      local("stats-high", { phase: "STATS", priority: 50 }),
      local("authn", { phase: "AUTHN", priority: -3 }, {}, "TrafficExtension"),
      local("authz-negative", { phase: "AUTHZ", priority: -100 }),
      local("explicit-unspecified", { phase: "UNSPECIFIED_PHASE", priority: 7 }),
    ];
    const chain = await emulate(docs);
    expect(names(chain.httpFilters)).toEqual([
      "default.authn",
      "default.authz-high",
      "default.authz-negative~istio-translated-wasmplugin",
      "default.authz-none~istio-translated-wasmplugin",
      "default.stats-high~istio-translated-wasmplugin",
      "default.stats-low~istio-translated-wasmplugin",
      "default.explicit-unspecified~istio-translated-wasmplugin",
      "default.unspecified~istio-translated-wasmplugin",
    ]);
  });

  it("breaks priority ties by creation time, then by the name istiod holds (a translated WasmPlugin's carries its suffix)", async () => {
    const docs = [
      local("b", { phase: "AUTHZ" }, { creationTimestamp: "2026-01-01T00:00:00Z" }),
      local("a", { phase: "AUTHZ" }, { creationTimestamp: "2026-01-02T00:00:00Z" }),
      local("c", { phase: "AUTHZ" }, { creationTimestamp: "2026-01-01T00:00:00Z" }),
    ];
    expect(names((await emulate(docs, { istioVersion: "1.29" })).httpFilters)).toEqual(["default.b", "default.c", "default.a"]);
    // "a~istio-translated-wasmplugin" sorts after "a-b~...": "~" comes after "-".
    const suffixed = [local("a", { phase: "AUTHZ" }), local("a-b", { phase: "AUTHZ" })];
    expect(names((await emulate(suffixed, { istioVersion: "1.29" })).httpFilters)).toEqual(["default.a", "default.a-b"]);
    expect(names((await emulate(suffixed)).httpFilters)).toEqual(["default.a-b~istio-translated-wasmplugin", "default.a~istio-translated-wasmplugin"]);
  });

  it("places extensions between Istio's own filters: AUTHN before jwt_authn, AUTHZ before RBAC, STATS after it", async () => {
    const chain = await emulate([local("n", { phase: "AUTHN" }), local("z", { phase: "AUTHZ" }), local("s", { phase: "STATS" }, {}, "TrafficExtension")]);
    const filterNames = chain.layout.map((slot) => slot.filterName);
    const at = (name: string) => filterNames.indexOf(name);
    expect(at("istio.metadata_exchange")).toBe(0);
    expect(at("extensions.istio.io/trafficextension/default.n~istio-translated-wasmplugin")).toBeLessThan(at("envoy.filters.http.jwt_authn"));
    expect(at("envoy.filters.http.jwt_authn")).toBeLessThan(at("extensions.istio.io/trafficextension/default.z~istio-translated-wasmplugin"));
    expect(at("extensions.istio.io/trafficextension/default.z~istio-translated-wasmplugin")).toBeLessThan(at("envoy.filters.http.rbac"));
    expect(at("envoy.filters.http.rbac")).toBeLessThan(at("extensions.istio.io/trafficextension/default.s"));
    expect(filterNames.at(-1)).toBe("envoy.filters.http.router");
  });

  it("names filters per Istio version: wasmplugin/ before 1.30, trafficextension/ from 1.30, and refuses a TrafficExtension before 1.30", async () => {
    const before = (await emulate([local("f")], { istioVersion: "1.29.6" })).httpFilters[0] as EnvoyWasmFilter;
    const after = (await emulate([local("f")], { istioVersion: "1.30.0" })).httpFilters[0] as EnvoyWasmFilter;
    const traffic = (await emulate([local("f", {}, {}, "TrafficExtension")])).httpFilters[0] as EnvoyWasmFilter;
    expect([before.name, before.typed_config.config.name]).toEqual(["extensions.istio.io/wasmplugin/default.f", "default.f"]);
    expect([after.name, after.typed_config.config.name]).toEqual(["extensions.istio.io/trafficextension/default.f~istio-translated-wasmplugin", "default.f~istio-translated-wasmplugin"]);
    expect([traffic.name, traffic.typed_config.config.name]).toEqual(["extensions.istio.io/trafficextension/default.f", "default.f"]);
    await expect(emulate([local("f")], { istioVersion: "1.21" })).rejects.toThrow(/not emulated/);
    await expect(emulate([local("f", {}, {}, "TrafficExtension")], { istioVersion: "1.29" })).rejects.toThrow(/needs Istio 1\.30 or newer/);
  });

  it("reads multi-document YAML, skipping (and saying so) documents that are not extensions", async () => {
    const yaml = [local("one", { phase: "STATS" }), { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm" } }, local("two", { phase: "AUTHN" })].map((doc) => stringify(doc)).join("---\n");
    const chain = await emulate(yaml);
    expect(names(chain.httpFilters)).toEqual(["default.two~istio-translated-wasmplugin", "default.one~istio-translated-wasmplugin"]);
    expect(chain.skipped).toEqual([{ extension: "document 2 (cm)", reason: "it is a ConfigMap, not a WasmPlugin or TrafficExtension" }]);
  });

  it("refuses documents the API server would reject, naming the document and the field", async () => {
    await expect(emulate([local("ok"), local("bad", { sha256: "xyz" }, {}, "TrafficExtension")])).rejects.toThrow(/document 2 \(bad\): spec\.wasm\.sha256: Invalid value: "xyz"/);
  });
});

describe.each(KINDS)("the Wasm config Envoy receives for a %s", (kind) => {
  it("carries root_id, the configuration as compact sorted JSON, failure_policy and the environment", async () => {
    const doc = local(
      "rate-limit",
      {
        pluginName: "rate_limit",
        phase: "AUTHZ",
        failStrategy: "FAIL_OPEN",
        pluginConfig: { zone: "eu", limits: { rps: 10, burst: 20 } },
        vmConfig: { env: [{ name: "MODE", value: "strict" }, { name: "POD_NAME", valueFrom: "HOST" }, { name: "UNSET", valueFrom: "INLINE" }] },
      },
      { namespace: "shop" },
      kind,
    );
    const [filter] = (await emulate([doc])).httpFilters as EnvoyWasmFilter[];
    expect(filter.typed_config["@type"]).toBe("type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm");
    expect(filter.typed_config.config).toMatchObject({
      root_id: "rate_limit",
      configuration: { "@type": "type.googleapis.com/google.protobuf.StringValue", value: '{"limits":{"burst":20,"rps":10},"zone":"eu"}' },
      failure_policy: "FAIL_OPEN",
      vm_config: { runtime: "envoy.wasm.runtime.v8", code: { local: { filename: moduleFile } } },
    });
    // A file:// module reaches Envoy as istiod wrote it: the agent's own variables stay (the agent only rewrites remote modules).
    expect(filter.typed_config.config.vm_config.environment_variables).toEqual({
      key_values: { ISTIO_META_WASM_PLUGIN_RESOURCE_VERSION: "1", MODE: "strict", UNSET: "" },
      host_env_keys: ["POD_NAME"],
    });
  });

  it.each([
    ["1.24", "FAIL_OPEN", { fail_open: true }],
    ["1.24", "FAIL_CLOSE", {}],
    ["1.26", "FAIL_RELOAD", {}],
    ["1.26", "FAIL_CLOSE", { failure_policy: "FAIL_CLOSED" }],
    ["1.27", "FAIL_RELOAD", { failure_policy: "FAIL_RELOAD" }],
    ["1.32", "FAIL_OPEN", { failure_policy: "FAIL_OPEN" }],
    ["1.32", undefined, { failure_policy: "FAIL_CLOSED" }],
  ])("Istio %s turns failStrategy %s into %j", async (istioVersion, failStrategy, fields) => {
    if (kind === "TrafficExtension" && Number(istioVersion.split(".")[1]) < 30) return;
    const [filter] = (await emulate([local("f", failStrategy ? { failStrategy } : {}, {}, kind)], { istioVersion })).httpFilters as EnvoyWasmFilter[];
    const config = filter.typed_config.config;
    expect({ fail_open: config.fail_open, failure_policy: config.failure_policy }).toEqual({ fail_open: undefined, failure_policy: undefined, ...fields });
  });

  it("turns type: NETWORK into network filters, in phase order, and keeps them out of the HTTP chain", async () => {
    const chain = await emulate([local("tcp-late", { type: "NETWORK", phase: "STATS" }, {}, kind), local("tcp", { type: "NETWORK", phase: "AUTHZ" }, {}, kind), local("http", {}, {}, kind)]);
    expect(chain.networkFilters.map((filter) => filter.name)).toEqual([expect.stringContaining("default.tcp"), expect.stringContaining("default.tcp-late")]);
    expect(chain.networkFilters[0].typed_config["@type"]).toBe("type.googleapis.com/envoy.extensions.filters.network.wasm.v3.Wasm");
    expect(chain.httpFilters.map((filter) => filter.name)).toEqual([expect.stringContaining("default.http")]);
    expect(chain.layout.some((slot) => slot.kind === "extension" && slot.extension.includes("tcp"))).toBe(false);
  });
});

describe("which extensions a proxy's listener takes", () => {
  // A function: moduleFile exists only once beforeAll ran.
  const docs = () => [
    local("for-reviews", { selector: { matchLabels: { app: "reviews" } } }),
    local("for-ratings", { selector: { matchLabels: { app: "ratings" } } }, {}, "TrafficExtension"),
    local("mesh-wide", {}, { namespace: "istio-system" }),
    local("other-namespace", {}, { namespace: "payments" }),
    local("gateway-ref", { targetRefs: [{ kind: "Gateway", group: "gateway.networking.k8s.io", name: "ingress" }] }, {}, "TrafficExtension"),
    local("outbound-only", { match: [{ mode: "CLIENT" }] }),
    local("inbound-only", { match: [{ mode: "SERVER" }] }, {}, "TrafficExtension"),
    local("other-port", { match: [{ mode: "SERVER", ports: [{ number: 9090 }] }] }),
    local("this-port", { match: [{ mode: "CLIENT_AND_SERVER", ports: [{ number: 8080 }] }] }, {}, "TrafficExtension"),
    local("either", { match: [{ mode: "SERVER", ports: [{ number: 9090 }] }, { mode: "CLIENT" }] }),
  ];
  const taken = async (workload: EmulateOptions["workload"]) => (await emulate(docs(), { workload })).httpFilters.map((filter) => filter.name.replace(/^.*\/|~istio-translated-wasmplugin$/g, "")).sort();

  it("a sidecar's inbound listener: own and root namespace, selector, SERVER traffic on its port", async () => {
    const chain = await emulate(docs(), { workload: { labels: { app: "reviews" }, namespace: "default", traffic: "inbound", port: 8080 } });
    expect(chain.httpFilters.map((filter) => filter.name.replace(/^.*\/|~istio-translated-wasmplugin$/g, "")).sort()).toEqual([
      "default.for-reviews",
      "default.inbound-only",
      "default.this-port",
      "istio-system.mesh-wide",
    ]);
    expect(Object.fromEntries(chain.skipped.map((skip) => [skip.extension, skip.reason]))).toEqual({
      "TrafficExtension default/for-ratings": expect.stringContaining("app=ratings"),
      "WasmPlugin payments/other-namespace": expect.stringContaining('namespace "payments"'),
      "TrafficExtension default/gateway-ref": expect.stringContaining("targetRefs"),
      "WasmPlugin default/outbound-only": "none of its match[] entries selects SERVER traffic on port 8080",
      "WasmPlugin default/other-port": "none of its match[] entries selects SERVER traffic on port 8080",
      "WasmPlugin default/either": "none of its match[] entries selects SERVER traffic on port 8080",
    });
  });

  it("the same sidecar on port 9090, and outbound", async () => {
    expect(await taken({ labels: { app: "reviews" }, namespace: "default", traffic: "inbound", port: 9090 })).toEqual([
      "default.either",
      "default.for-reviews",
      "default.inbound-only",
      "default.other-port",
      "istio-system.mesh-wide",
    ]);
    expect(await taken({ labels: { app: "reviews" }, namespace: "default", traffic: "outbound", port: 8080 })).toEqual([
      "default.either",
      "default.for-reviews",
      "default.outbound-only",
      "default.this-port",
      "istio-system.mesh-wide",
    ]);
  });

  it("a Gateway API gateway: targetRefs that name it, selectors too; its listeners are CLIENT traffic", async () => {
    expect(await taken({ kind: "gateway", gatewayName: "ingress", namespace: "default", labels: { app: "reviews" }, port: 8080 })).toEqual([
      "default.either",
      "default.for-reviews",
      "default.gateway-ref",
      "default.outbound-only",
      "default.this-port",
      "istio-system.mesh-wide",
    ]);
    expect(await taken({ kind: "gateway", gatewayName: "other", namespace: "default", labels: {}, port: 8080 })).not.toContain("default.gateway-ref");
  });

  it("a waypoint: only targetRefs naming its gateway, its services or the istio-waypoint class", async () => {
    const waypointDocs = [
      local("by-gateway", { targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "waypoint" }] }, {}, "TrafficExtension"),
      local("by-service", { targetRefs: [{ group: "", kind: "Service", name: "reviews" }] }, {}, "TrafficExtension"),
      local("by-class", { targetRefs: [{ group: "gateway.networking.k8s.io", kind: "GatewayClass", name: "istio-waypoint" }] }, { namespace: "istio-system" }, "TrafficExtension"),
      local("by-selector", { selector: { matchLabels: { app: "reviews" } } }, {}, "TrafficExtension"),
      local("with-ports", { targetRefs: [{ group: "", kind: "Service", name: "reviews" }], match: [{ ports: [{ number: 8080 }] }] }, {}, "TrafficExtension"),
    ];
    const chain = await emulate(waypointDocs, { workload: { kind: "waypoint", gatewayName: "waypoint", namespace: "default", services: [{ name: "reviews", namespace: "default" }] } });
    expect(chain.httpFilters.map((filter) => filter.name).sort()).toEqual([
      "extensions.istio.io/trafficextension/default.by-gateway",
      "extensions.istio.io/trafficextension/default.by-service",
      "extensions.istio.io/trafficextension/istio-system.by-class",
    ]);
    expect(chain.skipped.map((skip) => skip.extension).sort()).toEqual(["TrafficExtension default/by-selector", "TrafficExtension default/with-ports"]);
  });

  it("takes every extension when no workload is given (one proxy every selector selects)", async () => {
    expect((await taken(undefined)).length).toBe(docs().length - 1);
  });
});

describe("a TrafficExtension with Lua", () => {
  it("becomes an inline Lua filter in its phase", async () => {
    const lua = { apiVersion: "extensions.istio.io/v1alpha1", kind: "TrafficExtension", metadata: { name: "lua", namespace: "default" }, spec: { phase: "AUTHN", lua: { inlineCode: "function envoy_on_request(h) end" } } };
    const chain = await emulate([local("wasm", { phase: "AUTHZ" }, {}, "TrafficExtension"), lua]);
    expect(chain.httpFilters[0]).toEqual({
      name: "extensions.istio.io/trafficextension/default.lua",
      typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua", default_source_code: { inline_string: "function envoy_on_request(h) end" } },
    });
  });
});

describe("fetching modules like the sidecar's agent", () => {
  it("downloads http(s) modules, checks their sha256 and stores them by checksum", async () => {
    const bytes = wasmBytes("http");
    const fetchHttp = vi.fn(async () => bytes);
    const [filter] = (await emulate([local("h", { url: "https://example.com/f.wasm", sha256: sha256(bytes) })], { fetchHttp })).httpFilters as EnvoyWasmFilter[];
    const filename = filter.typed_config.config.vm_config.code.local.filename;
    expect(fetchHttp).toHaveBeenCalledWith("https://example.com/f.wasm");
    expect(path.basename(filename)).toBe(`${sha256(bytes)}.wasm`);
    expect(new Uint8Array(readFileSync(filename))).toEqual(bytes);
    expect(filter.typed_config.config.vm_config.environment_variables).toBeUndefined();

    const wrong = "0".repeat(64);
    await expect(emulate([local("h", { url: "https://example.com/g.wasm", sha256: wrong })], { fetchHttp })).rejects.toMatchObject({
      code: "E_MODULE_CHECKSUM",
      message: expect.stringContaining(sha256(bytes)),
    });
  });

  it("pulls OCI images (also scheme-less references) and checks sha256 against the manifest digest, not the module", async () => {
    const module = wasmBytes("oci");
    const manifestDigest = `sha256:${"b".repeat(64)}`;
    const fetchOci = vi.fn(async (_url: string) => ({ module, manifestDigest }));
    const dir = path.join(tempDir(), "modules");
    const docs = [local("a", { url: "oci://ghcr.io/org/filter:1", sha256: "b".repeat(64) }), local("b", { url: "ghcr.io/org/filter:2" }, {}, "TrafficExtension")];
    const chain = await emulate(docs, { fetchOci, moduleDir: dir });
    expect(fetchOci.mock.calls.map(([url]) => url)).toEqual(["oci://ghcr.io/org/filter:1", "ghcr.io/org/filter:2"]);
    expect(readFileSync((chain.httpFilters[0] as EnvoyWasmFilter).typed_config.config.vm_config.code.local.filename)).toEqual(Buffer.from(module));

    await expect(emulate([local("a", { url: "oci://ghcr.io/org/other:1", sha256: sha256(module) })], { fetchOci, moduleDir: dir })).rejects.toMatchObject({
      code: "E_MODULE_CHECKSUM",
      message: expect.stringContaining("image manifest"),
    });
  });

  it("imagePullPolicy: IfNotPresent (the default) reuses the module pulled before; Always pulls again; a tag latest defaults to Always", async () => {
    const dir = path.join(tempDir(), "modules");
    const fetchOci = vi.fn(async (_url: string) => ({ module: wasmBytes("v1"), manifestDigest: `sha256:${"d".repeat(64)}` }));
    const pull = async (url: string, imagePullPolicy?: string) => {
      const chain = await emulate([local("p", { url, ...(imagePullPolicy ? { imagePullPolicy } : {}) })], { fetchOci, moduleDir: dir });
      return chain.modules[0].source;
    };
    expect(await pull("oci://ghcr.io/org/f:1")).toBe("download");
    expect(await pull("oci://ghcr.io/org/f:1")).toBe("cache");
    expect(await pull("oci://ghcr.io/org/f:1", "IfNotPresent")).toBe("cache");
    expect(await pull("oci://ghcr.io/org/f:1", "Always")).toBe("download");
    expect(await pull("oci://ghcr.io/org/f:latest")).toBe("download");
    expect(await pull("oci://ghcr.io/org/f:latest")).toBe("download");
    expect(await pull("oci://ghcr.io/org/f:latest", "IfNotPresent")).toBe("cache");
    expect(fetchOci).toHaveBeenCalledTimes(4);
    // A pinned digest already in the cache is used whatever the policy.
    expect(await pull(`oci://ghcr.io/org/f@sha256:${"d".repeat(64)}`, "Always")).toBe("cache");
  });

  it("imagePullSecret: pulls with the Docker config of the kubernetes.io/dockerconfigjson Secret it names", async () => {
    const dockerConfig = JSON.stringify({ auths: { "registry.example.com": { auth: Buffer.from("user:pass").toString("base64") } } });
    const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "pull", namespace: "default" }, type: "kubernetes.io/dockerconfigjson", data: { ".dockerconfigjson": Buffer.from(dockerConfig).toString("base64") } };
    const fetchOci = vi.fn(async (_url: string, _options: { dockerConfig?: string }) => ({ module: wasmBytes("s"), manifestDigest: `sha256:${"e".repeat(64)}` }));
    const plugin = local("s", { url: "oci://registry.example.com/private:1", imagePullSecret: "pull" }, {}, "TrafficExtension");
    const chain = await emulate([plugin, secret], { fetchOci, moduleDir: path.join(tempDir(), "modules") });
    expect(fetchOci).toHaveBeenCalledWith("oci://registry.example.com/private:1", { dockerConfig });
    expect(chain.skipped).toEqual([]);
    await expect(emulate([plugin], { fetchOci })).rejects.toMatchObject({ code: "E_PULL_SECRET_MISSING", message: expect.stringContaining('imagePullSecret "pull"') });
  });

  it("imagePullSecret on a file:// module: nothing is pulled, so a missing Secret is no error and the agent's variable stays empty, as istiod sends it", async () => {
    const chain = await emulate([local("f", { imagePullSecret: "absent" }, {}, "TrafficExtension")]);
    const config = (chain.httpFilters[0] as EnvoyWasmFilter).typed_config.config;
    expect(config.vm_config.environment_variables?.key_values?.ISTIO_META_WASM_IMAGE_PULL_SECRET).toBe("");
    expect(chain.modules[0]).toMatchObject({ source: "file", pullSecret: "" });
  });

  it("uses file:// modules in place, and refuses a missing file or one that is not WebAssembly", async () => {
    await expect(emulate([local("m", { url: "file:///nonexistent/filter.wasm" })])).rejects.toMatchObject({ code: "E_MODULE_MISSING" });
    const notWasm = path.join(tempDir(), "filter.wasm");
    writeFileSync(notWasm, "#!/bin/sh\n");
    await expect(emulate([local("m", { url: `file://${notWasm}` })])).rejects.toMatchObject({ code: "E_MODULE_NOT_WASM" });
  });
});
