// Every WasmPlugin and TrafficExtension of the repository is one the
// Kubernetes API server accepts (validated by its own code against Istio's
// CRDs and their CEL rules) and whose pluginConfig the filter's own
// on_configure accepts; the kustomize overlays render to such documents, of
// either kind, with registry, tag, namespaces and digests taken from one
// settings file; the companion resources pass Istio's CRDs too.
import { beforeAll, describe, expect, it } from "vitest";
import { formatFieldError, validateIstioResources, type ExtensionKind } from "../../packages/cli/src/istio/index.ts";
import { findObject, parseObjects, type KubeObject } from "./support/documents.ts";
import { filterConfigValidator } from "./support/filter-modules.ts";
import { exampleSettings, renderOverlay } from "./support/overlay.ts";
import { FILTER_NAMES } from "./support/paths.ts";
import { findRepositoryExtensions } from "./support/repository-extensions.ts";

const KINDS: readonly ExtensionKind[] = ["WasmPlugin", "TrafficExtension"];

/**
 * Each document's problems: the API server's, then (when it accepts the
 * document) the filter's; one validator run per file the documents come from.
 */
async function problems(docs: readonly unknown[], declaredIn: (i: number) => string | undefined = () => undefined): Promise<string[][]> {
  const byFile = new Map<string | undefined, number[]>();
  docs.forEach((_, i) => byFile.set(declaredIn(i), [...(byFile.get(declaredIn(i)) ?? []), i]));
  const results: string[][] = [];
  for (const [file, indices] of byFile) {
    const validations = await validateIstioResources(indices.map((i) => docs[i]), { pluginConfigValidator: filterConfigValidator(file) });
    indices.forEach((docIndex, j) => (results[docIndex] = validations[j].errors.map(formatFieldError)));
  }
  return results;
}

const found = findRepositoryExtensions();
const extension = (objects: readonly KubeObject[], kind: ExtensionKind, name: string) => findObject(objects, kind, name);

describe("the repository's WasmPlugin and TrafficExtension documents", () => {
  let results: string[][];
  beforeAll(async () => {
    results = await problems(
      found.map((entry) => entry.doc),
      (i) => found[i].file,
    );
  }, 600_000);

  it("include a WasmPlugin for each filter in istio-manifests/base, and TrafficExtensions", () => {
    const inBase = found.filter((entry) => entry.where.startsWith("istio-manifests/base/"));
    expect(inBase.map((entry) => (entry.doc.metadata as { name: string }).name).sort()).toEqual([...FILTER_NAMES].sort());
    expect(found.some((entry) => entry.doc.kind === "TrafficExtension")).toBe(true);
  });

  it.each(found.map((entry, i) => [entry.where, i] as const))("%s is valid for the API server and for its filter", (_where, i) => {
    expect(results[i]).toEqual([]);
  });
});

describe.each(KINDS)("the example overlay rendered with kustomize as %ss", (kind) => {
  let rendered: KubeObject[];
  let results: string[][];
  beforeAll(async () => {
    rendered = parseObjects(renderOverlay({}, kind), `kustomize build overlays/example (${kind})`);
    results = await problems(rendered);
  }, 600_000);

  it("holds the four filters and their companions, without the local settings ConfigMap", () => {
    expect(rendered.map((doc) => `${doc.kind}/${doc.metadata.name}`).sort()).toEqual(
      ["DestinationRule/checkout", "Gateway/envoyscript-gateway", "RequestAuthentication/checkout-jwt", "VirtualService/checkout", ...FILTER_NAMES.map((name) => `${kind}/${name}`)].sort(),
    );
  });

  it("takes registry, tag and namespaces from filter-settings.yaml", () => {
    const settings = exampleSettings();
    for (const name of FILTER_NAMES) {
      const doc = extension(rendered, kind, name);
      const url = kind === "WasmPlugin" ? doc.spec?.url : (doc.spec?.wasm as { url: string }).url;
      expect(url).toBe(`oci://${settings.registry}/${name}:${settings.tag}`);
      expect(doc.metadata.namespace).toBe(name === "routing-headers" ? settings.gatewayNamespace : settings.namespace);
    }
    for (const doc of rendered.filter((doc) => doc.kind !== kind)) expect(doc.metadata.namespace, doc.kind).toBe(settings.namespace);
  });

  it("renders every document valid for the API server (companions included) and every pluginConfig valid for its filter", () => {
    expect(Object.fromEntries(rendered.map((doc, i) => [`${doc.kind}/${doc.metadata.name}`, results[i]]))).toEqual(
      Object.fromEntries(rendered.map((doc) => [`${doc.kind}/${doc.metadata.name}`, []])),
    );
  });
});

describe("the TrafficExtension component", () => {
  it("keeps everything but the kind and the place of the Wasm fields", () => {
    const plugins = parseObjects(renderOverlay({}, "WasmPlugin"), "WasmPlugins").filter((doc) => doc.kind === "WasmPlugin");
    const traffic = parseObjects(renderOverlay({}, "TrafficExtension"), "TrafficExtensions");
    for (const plugin of plugins) {
      const { selector, phase, priority, ...wasm } = plugin.spec as Record<string, unknown>;
      const expected = { selector, ...(phase === undefined ? {} : { phase }), priority, wasm };
      expect(extension(traffic, "TrafficExtension", plugin.metadata.name).spec, plugin.metadata.name).toEqual(expected);
    }
  }, 600_000);
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

  describe.each(KINDS)("for %ss", (kind) => {
    let rendered: KubeObject[];
    let results: string[][];
    beforeAll(async () => {
      rendered = parseObjects(renderOverlay(changes, kind), `kustomize build with changed settings (${kind})`);
      results = await problems(rendered.filter((doc) => doc.kind === kind));
    }, 600_000);

    it("moves every url, namespace, selector, host and digest", () => {
      for (const name of FILTER_NAMES) {
        const doc = extension(rendered, kind, name);
        const wasm = (kind === "WasmPlugin" ? doc.spec : doc.spec?.wasm) as { url: string; sha256?: string | null };
        expect(wasm.url).toBe(`oci://127.0.0.1:5000/team/filters/${name}:2.3.4`);
        expect(doc.metadata.namespace).toBe(name === "routing-headers" ? "istio-ingress" : "payments");
        if (name !== "routing-headers") expect((doc.spec?.selector as { matchLabels: unknown }).matchLabels).toEqual({ app: "payments-api" });
        // kustomize writes an empty setting as null, which the API server prunes: no digest check.
        expect(wasm.sha256 ?? null).toBe(name === "jwt-authz" ? digest : null);
      }
      expect(findObject(rendered, "RequestAuthentication").spec?.selector).toEqual({ matchLabels: { app: "payments-api" } });
      expect(findObject(rendered, "DestinationRule").spec?.host).toBe("payments-api");
      const routes = findObject(rendered, "VirtualService").spec?.http as { route: { destination: { host: string } }[] }[];
      expect(routes.flatMap((route) => route.route.map((r) => r.destination.host))).toEqual(["payments-api", "payments-api"]);
      for (const doc of rendered.filter((doc) => doc.kind !== kind)) expect(doc.metadata.namespace, doc.kind).toBe("payments");
    });

    it("keeps every extension valid (a registry with a port passes Istio's URL rule)", () => {
      expect(results).toEqual(FILTER_NAMES.map(() => []));
    });
  });
});
