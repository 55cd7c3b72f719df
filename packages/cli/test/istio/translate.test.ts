import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { stringify } from "yaml";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { emulateSidecarInbound, type EmulateOptions, type WasmPluginSchema } from "../../src/istio/index.ts";
import { PROVISION_TIMEOUT_MS, pinnedSchema, tempDir, wasmBytes, wasmPlugin, writeWasm } from "./fixtures.ts";

let schema: WasmPluginSchema;
let moduleFile: string;
let moduleDir: string;
beforeAll(async () => {
  schema = await pinnedSchema();
  const dir = tempDir();
  moduleFile = writeWasm(dir);
  moduleDir = path.join(dir, "modules");
}, PROVISION_TIMEOUT_MS);

const noOci = async (): Promise<never> => {
  throw new Error("no OCI pull expected in this test");
};

function emulate(docs: unknown[] | string, options: EmulateOptions = {}) {
  return emulateSidecarInbound(docs, { schema, moduleDir, fetchOci: noOci, ...options });
}

function local(name: string, spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) {
  return wasmPlugin({ url: `file://${moduleFile}`, ...spec }, { name, ...metadata });
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("emulating Istio's sidecar inbound HTTP chain", () => {
  it("orders plugins by phase (AUTHN, AUTHZ, STATS, unspecified), then by priority, highest first", async () => {
    const docs = [
      local("unspecified"),
      local("stats-low", { phase: "STATS", priority: 1 }),
      local("authz-none", { phase: "AUTHZ" }),
      local("authz-high", { phase: "AUTHZ", priority: 100 }),
      local("stats-high", { phase: "STATS", priority: 50 }),
      local("authn", { phase: "AUTHN", priority: -3 }),
      local("authz-negative", { phase: "AUTHZ", priority: -100 }),
      local("explicit-unspecified", { phase: "UNSPECIFIED_PHASE", priority: 7 }),
    ];
    const chain = await emulate(docs, { istioVersion: "1.29" });
    expect(chain.httpFilters.map((filter) => filter.typed_config.config.name)).toEqual([
      "default.authn",
      "default.authz-high",
      "default.authz-negative",
      "default.authz-none",
      "default.stats-high",
      "default.stats-low",
      "default.explicit-unspecified",
      "default.unspecified",
    ]);
  });

  it("breaks priority ties by creation time, then name, as istiod does", async () => {
    const docs = [
      local("b", { phase: "AUTHZ" }, { creationTimestamp: "2026-01-01T00:00:00Z" }),
      local("a", { phase: "AUTHZ" }, { creationTimestamp: "2026-01-02T00:00:00Z" }),
      local("c", { phase: "AUTHZ" }, { creationTimestamp: "2026-01-01T00:00:00Z" }),
    ];
    const chain = await emulate(docs, { istioVersion: "1.29" });
    expect(chain.httpFilters.map((filter) => filter.typed_config.config.name)).toEqual(["default.b", "default.c", "default.a"]);
  });

  it("places plugins between Istio's own filters: AUTHN before jwt_authn, AUTHZ before RBAC, STATS after it", async () => {
    const chain = await emulate([local("n", { phase: "AUTHN" }), local("z", { phase: "AUTHZ" }), local("s", { phase: "STATS" })], { istioVersion: "1.29" });
    const names = chain.layout.map((slot) => slot.filterName);
    const at = (name: string) => names.indexOf(name);
    expect(at("istio.metadata_exchange")).toBe(0);
    expect(at("extensions.istio.io/wasmplugin/default.n")).toBeLessThan(at("envoy.filters.http.jwt_authn"));
    expect(at("envoy.filters.http.jwt_authn")).toBeLessThan(at("extensions.istio.io/wasmplugin/default.z"));
    expect(at("extensions.istio.io/wasmplugin/default.z")).toBeLessThan(at("envoy.filters.http.rbac"));
    expect(at("envoy.filters.http.rbac")).toBeLessThan(at("extensions.istio.io/wasmplugin/default.s"));
    expect(names.at(-1)).toBe("envoy.filters.http.router");
  });

  it("builds the Wasm typed config Envoy receives after the agent rewrote it", async () => {
    const doc = local(
      "rate-limit",
      {
        pluginName: "rate_limit",
        phase: "AUTHZ",
        failStrategy: "FAIL_OPEN",
        pluginConfig: { zone: "eu", limits: { rps: 10, burst: 20 } },
        vmConfig: { env: [{ name: "MODE", value: "strict" }, { name: "POD_NAME", valueFrom: "HOST" }, { name: "UNSET", valueFrom: "INLINE" }] },
        imagePullPolicy: "Always",
      },
      { namespace: "shop" },
    );
    const chain = await emulate([doc]);
    expect(chain.istioVersion).toBe("1.31.4");
    expect(chain.httpFilters).toEqual([
      {
        name: "extensions.istio.io/trafficextension/shop.rate-limit~istio-translated-wasmplugin",
        typed_config: {
          "@type": "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm",
          config: {
            name: "shop.rate-limit~istio-translated-wasmplugin",
            root_id: "rate_limit",
            configuration: {
              "@type": "type.googleapis.com/google.protobuf.StringValue",
              value: '{"limits":{"burst":20,"rps":10},"zone":"eu"}',
            },
            failure_policy: "FAIL_OPEN",
            vm_config: {
              runtime: "envoy.wasm.runtime.v8",
              code: { local: { filename: moduleFile } },
              environment_variables: { key_values: { MODE: "strict", UNSET: "" }, host_env_keys: ["POD_NAME"] },
            },
          },
        },
      },
    ]);
  });

  it("leaves out root_id, configuration and environment_variables when the plugin has none, and defaults to FAIL_CLOSED", async () => {
    const [filter] = (await emulate([local("bare", { pluginConfig: {} })])).httpFilters;
    expect(filter.typed_config.config).toEqual({
      name: "default.bare~istio-translated-wasmplugin",
      failure_policy: "FAIL_CLOSED",
      vm_config: { runtime: "envoy.wasm.runtime.v8", code: { local: { filename: moduleFile } } },
    });
  });

  it.each([
    ["1.24", "FAIL_OPEN", { fail_open: true }],
    ["1.24", "FAIL_CLOSE", {}],
    ["1.26", "FAIL_RELOAD", {}],
    ["1.26", "FAIL_CLOSE", { failure_policy: "FAIL_CLOSED" }],
    ["1.27", "FAIL_RELOAD", { failure_policy: "FAIL_RELOAD" }],
    ["1.31", "FAIL_OPEN", { failure_policy: "FAIL_OPEN" }],
  ])("Istio %s turns failStrategy %s into %j", async (istioVersion, failStrategy, fields) => {
    const [filter] = (await emulate([local("f", { failStrategy })], { istioVersion })).httpFilters;
    const config = filter.typed_config.config;
    expect({ fail_open: config.fail_open, failure_policy: config.failure_policy }).toEqual({ fail_open: undefined, failure_policy: undefined, ...fields });
  });

  it("names filters per Istio version: wasmplugin/ before 1.30, a synthetic trafficextension from 1.30", async () => {
    const before = (await emulate([local("f")], { istioVersion: "1.29.6" })).httpFilters[0];
    const after = (await emulate([local("f")], { istioVersion: "1.30.0" })).httpFilters[0];
    expect([before.name, before.typed_config.config.name]).toEqual(["extensions.istio.io/wasmplugin/default.f", "default.f"]);
    expect([after.name, after.typed_config.config.name]).toEqual([
      "extensions.istio.io/trafficextension/default.f~istio-translated-wasmplugin",
      "default.f~istio-translated-wasmplugin",
    ]);
    await expect(emulate([local("f")], { istioVersion: "1.21" })).rejects.toThrow(/not emulated/);
  });

  it("reads multi-document YAML", async () => {
    const yaml = [local("one", { phase: "STATS" }), local("two", { phase: "AUTHN" })].map((doc) => stringify(doc)).join("---\n");
    const chain = await emulate(yaml, { istioVersion: "1.29" });
    expect(chain.httpFilters.map((filter) => filter.typed_config.config.name)).toEqual(["default.two", "default.one"]);
  });

  it("refuses documents Istio would reject, naming the document and the field", async () => {
    await expect(emulate([local("ok"), local("bad", { sha256: "xyz" })])).rejects.toThrow(/document 2 \(bad\): spec\.sha256: must match/);
  });

  it("turns type: NETWORK plugins into network filters instead of HTTP filters", async () => {
    const chain = await emulate([local("tcp", { type: "NETWORK", phase: "AUTHZ" }), local("http")]);
    expect(chain.networkFilters).toHaveLength(1);
    expect(chain.networkFilters[0].typed_config["@type"]).toBe("type.googleapis.com/envoy.extensions.filters.network.wasm.v3.Wasm");
    expect(chain.httpFilters.map((filter) => filter.typed_config.config.name)).toEqual(["default.http~istio-translated-wasmplugin"]);
    expect(chain.layout.some((slot) => slot.kind === "wasm-plugin" && slot.plugin === "default/tcp")).toBe(false);
  });

  it("keeps only the plugins that reach the workload's inbound listener, and says why the others do not", async () => {
    const docs = [
      local("for-reviews", { selector: { matchLabels: { app: "reviews" } } }),
      local("for-ratings", { selector: { matchLabels: { app: "ratings" } } }),
      local("mesh-wide", {}, { namespace: "istio-system" }),
      local("other-namespace", {}, { namespace: "payments" }),
      local("gateway-only", { targetRefs: [{ kind: "Gateway", group: "gateway.networking.k8s.io", name: "ingress" }] }),
      local("outbound-only", { match: [{ mode: "CLIENT" }] }),
      local("other-port", { match: [{ mode: "SERVER", ports: [{ number: 9090 }] }] }),
      local("this-port", { match: [{ mode: "CLIENT_AND_SERVER", ports: [{ number: 8080 }] }] }),
    ];
    const chain = await emulate(docs, { istioVersion: "1.29", workload: { labels: { app: "reviews" }, namespace: "default", port: 8080 } });
    expect(chain.httpFilters.map((filter) => filter.typed_config.config.name).sort()).toEqual(["default.for-reviews", "default.this-port", "istio-system.mesh-wide"]);
    expect(Object.fromEntries(chain.skipped.map((skip) => [skip.plugin, skip.reason]))).toEqual({
      "default/for-ratings": expect.stringContaining("app=ratings"),
      "payments/other-namespace": expect.stringContaining('namespace "payments"'),
      "default/gateway-only": expect.stringContaining("targetRef"),
      "default/outbound-only": expect.stringContaining("inbound (SERVER)"),
      "default/other-port": expect.stringContaining("this port"),
    });
  });
});

describe("fetching modules like the sidecar's agent", () => {
  it("downloads http(s) modules, checks their sha256 and stores them by digest", async () => {
    const bytes = wasmBytes("http");
    const fetchHttp = vi.fn(async () => bytes);
    const [filter] = (await emulate([local("h", { url: "https://example.com/f.wasm", sha256: sha256(bytes) })], { fetchHttp })).httpFilters;
    const filename = filter.typed_config.config.vm_config.code.local.filename;
    expect(fetchHttp).toHaveBeenCalledWith("https://example.com/f.wasm");
    expect(filename).toBe(path.join(moduleDir, `${sha256(bytes)}.wasm`));
    expect(new Uint8Array(readFileSync(filename))).toEqual(bytes);

    const wrong = "0".repeat(64);
    await expect(emulate([local("h", { url: "https://example.com/f.wasm", sha256: wrong })], { fetchHttp })).rejects.toMatchObject({
      code: "E_MODULE_CHECKSUM",
      message: expect.stringContaining(sha256(bytes)),
    });
  });

  it("pulls OCI images (also scheme-less references) and checks sha256 against the manifest digest, not the module", async () => {
    const module = wasmBytes("oci");
    const manifestDigest = `sha256:${"b".repeat(64)}`;
    const fetchOci = vi.fn(async (_url: string) => ({ module, manifestDigest }));
    const docs = [local("a", { url: "oci://ghcr.io/org/filter:1", sha256: "b".repeat(64) }), local("b", { url: "ghcr.io/org/filter:2" })];
    const chain = await emulate(docs, { fetchOci });
    expect(fetchOci.mock.calls.map(([url]) => url)).toEqual(["oci://ghcr.io/org/filter:1", "ghcr.io/org/filter:2"]);
    expect(readFileSync(chain.httpFilters[0].typed_config.config.vm_config.code.local.filename)).toEqual(Buffer.from(module));

    const moduleDigest = sha256(module);
    await expect(emulate([local("a", { url: "oci://ghcr.io/org/filter:1", sha256: moduleDigest })], { fetchOci })).rejects.toMatchObject({
      code: "E_MODULE_CHECKSUM",
      message: expect.stringContaining("image manifest"),
    });
  });

  it("uses file:// modules in place, and refuses a missing file or one that is not WebAssembly", async () => {
    await expect(emulate([local("m", { url: "file:///nonexistent/filter.wasm" })])).rejects.toMatchObject({ code: "E_MODULE_MISSING" });
    const notWasm = path.join(tempDir(), "filter.wasm");
    writeFileSync(notWasm, "#!/bin/sh\n");
    await expect(emulate([local("m", { url: `file://${notWasm}` })])).rejects.toMatchObject({ code: "E_MODULE_NOT_WASM" });
  });
});
