// Every WasmPlugin of the repository is one Istio's API server accepts (its
// CRD's OpenAPI schema and CEL rules) and whose pluginConfig the filter's own
// on_configure accepts; the kustomize overlay renders to such documents with
// registry, tag, namespaces and digests taken from its one settings file.
import { beforeAll, describe, expect, it } from "vitest";
import { formatFieldError, loadWasmPluginSchema, validateWasmPlugin, type WasmPluginSchema } from "../../packages/cli/src/istio/index.ts";
import { findObject, findWasmPlugin, parseObjects } from "./support/documents.ts";
import { filterConfigValidator } from "./support/filter-modules.ts";
import { exampleSettings, renderOverlay } from "./support/overlay.ts";
import { FILTER_NAMES } from "./support/paths.ts";
import { findRepositoryWasmPlugins } from "./support/repository-wasmplugins.ts";

let schema: WasmPluginSchema;
beforeAll(async () => {
  schema = await loadWasmPluginSchema();
}, 180_000);

async function problems(doc: unknown, declaredIn?: string): Promise<string[]> {
  const validation = await validateWasmPlugin(doc, { schema, pluginConfigValidator: filterConfigValidator(declaredIn) });
  return validation.errors.map(formatFieldError);
}

const found = findRepositoryWasmPlugins();

describe("the repository's WasmPlugin documents", () => {
  it("include one for each filter in istio-manifests/base", () => {
    const inBase = found.filter((plugin) => plugin.where.startsWith("istio-manifests/base/"));
    expect(inBase.map((plugin) => (plugin.doc.metadata as { name: string }).name).sort()).toEqual([...FILTER_NAMES].sort());
  });

  it.each(found.map((plugin) => [plugin.where, plugin] as const))("%s is valid for Istio and for its filter", async (_where, plugin) => {
    expect(await problems(plugin.doc, plugin.file)).toEqual([]);
  });
});

describe("the example overlay rendered with kustomize", () => {
  let rendered: ReturnType<typeof parseObjects>;
  beforeAll(() => {
    rendered = parseObjects(renderOverlay({}), "kustomize build overlays/example");
  }, 300_000);

  it("holds the four WasmPlugins and their companions, without the local settings ConfigMap", () => {
    expect(rendered.map((doc) => `${doc.kind}/${doc.metadata.name}`).sort()).toEqual([
      "DestinationRule/checkout",
      "Gateway/envoyscript-gateway",
      "RequestAuthentication/checkout-jwt",
      "VirtualService/checkout",
      "WasmPlugin/fault-injection",
      "WasmPlugin/jwt-authz",
      "WasmPlugin/routing-headers",
      "WasmPlugin/telemetry",
    ]);
  });

  it("takes registry, tag and namespaces from filter-settings.yaml", () => {
    const settings = exampleSettings();
    for (const name of FILTER_NAMES) {
      const plugin = findWasmPlugin(rendered, name);
      expect(plugin.spec.url).toBe(`oci://${settings.registry}/${name}:${settings.tag}`);
      expect(plugin.metadata.namespace).toBe(name === "routing-headers" ? settings.gatewayNamespace : settings.namespace);
    }
    for (const doc of rendered.filter((doc) => doc.kind !== "WasmPlugin")) expect(doc.metadata.namespace, doc.kind).toBe(settings.namespace);
  });

  it.each(FILTER_NAMES)("renders a %s WasmPlugin that is valid for Istio and for the filter", async (name) => {
    expect(await problems(findWasmPlugin(rendered, name))).toEqual([]);
  });
});

describe("the settings file is the one place to edit", () => {
  const digest = "0123456789abcdef".repeat(4);
  const changes = {
    registry: "127.0.0.1:5000/team/filters",
    tag: "2.3.4",
    namespace: "payments",
    gatewayNamespace: "istio-ingress",
    app: "payments-api",
    jwtAuthzSha256: digest,
  };
  let rendered: ReturnType<typeof parseObjects>;
  beforeAll(() => {
    rendered = parseObjects(renderOverlay(changes), "kustomize build with changed settings");
  }, 300_000);

  it("moves every url, namespace, selector, host and digest", () => {
    for (const name of FILTER_NAMES) {
      const plugin = findWasmPlugin(rendered, name);
      expect(plugin.spec.url).toBe(`oci://127.0.0.1:5000/team/filters/${name}:2.3.4`);
      expect(plugin.metadata.namespace).toBe(name === "routing-headers" ? "istio-ingress" : "payments");
      if (name !== "routing-headers") expect(plugin.spec.selector?.matchLabels).toEqual({ app: "payments-api" });
      // kustomize writes an empty setting as null, which the API server prunes: no digest check.
      expect(plugin.spec.sha256 ?? null).toBe(name === "jwt-authz" ? digest : null);
    }
    expect(findObject(rendered, "RequestAuthentication").spec?.selector).toEqual({ matchLabels: { app: "payments-api" } });
    expect(findObject(rendered, "DestinationRule").spec?.host).toBe("payments-api");
    const routes = findObject(rendered, "VirtualService").spec?.http as { route: { destination: { host: string } }[] }[];
    expect(routes.flatMap((route) => route.route.map((r) => r.destination.host))).toEqual(["payments-api", "payments-api"]);
    for (const doc of rendered.filter((doc) => doc.kind !== "WasmPlugin")) expect(doc.metadata.namespace, doc.kind).toBe("payments");
  });

  it.each(FILTER_NAMES)("keeps the %s WasmPlugin valid (a registry with a port passes Istio's URL rule)", async (name) => {
    expect(await problems(findWasmPlugin(rendered, name))).toEqual([]);
  });
});
