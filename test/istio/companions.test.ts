// The resources that go with the WasmPlugins say the same thing as the
// filters' configurations: issuers, header names, lane names and metric
// labels agree, so a user changing one side sees this test fail.
import { beforeAll, describe, expect, it } from "vitest";
import { telemetryLabelNames } from "../../packages/filters/src/index.ts";
import { findObject, findWasmPlugin, manifestFile, parseObjects } from "./support/documents.ts";
import { renderWithComponents } from "./support/overlay.ts";

const telemetry = findWasmPlugin(manifestFile("base/telemetry.yaml"), "telemetry");
const labels = telemetryLabelNames(telemetry.spec.pluginConfig ?? {});

describe("telemetry's proxy settings", () => {
  const deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: checkout-v1 }\nspec:\n  template:\n    metadata: { annotations: { keep: me } }\n";
  let annotations: Record<string, string>;
  beforeAll(() => {
    const patched = findObject(parseObjects(renderWithComponents({ "deployment.yaml": deployment }, ["components/telemetry-sidecar"]), "patched Deployment"), "Deployment");
    annotations = (patched.spec as { template: { metadata: { annotations: Record<string, string> } } }).template.metadata.annotations;
  }, 300_000);

  it("the sidecar component tags every label the filter writes and keeps wasmcustom. stats", () => {
    expect(annotations["sidecar.istio.io/extraStatTags"].split(",")).toEqual(labels);
    expect(JSON.parse(annotations["proxy.istio.io/config"])).toEqual({ proxyStatsMatcher: { inclusionPrefixes: ["wasmcustom."] } });
    expect(annotations.keep).toBe("me");
  });

  it("the mesh-wide snippet says the same", () => {
    const [operator] = manifestFile("mesh-config/telemetry-istiooperator.yaml");
    const defaults = (operator.spec as { meshConfig: { defaultConfig: { extraStatTags: string[]; proxyStatsMatcher: unknown } } }).meshConfig.defaultConfig;
    expect(defaults.extraStatTags).toEqual(labels);
    expect(defaults.proxyStatsMatcher).toEqual({ inclusionPrefixes: ["wasmcustom."] });
  });
});

describe("jwt-authz and its RequestAuthentication", () => {
  const plugin = findWasmPlugin(manifestFile("base/jwt-authz.yaml"), "jwt-authz");
  const requestAuthentication = findObject(manifestFile("base/jwt-authz-requestauthentication.yaml"), "RequestAuthentication");
  const config = plugin.spec.pluginConfig as { mode: string; jwtRules: { issuer: string }[] };

  it("trust the same issuers and select the same workload", () => {
    const rules = requestAuthentication.spec?.jwtRules as { issuer: string }[];
    expect(config.mode).toBe("mesh");
    expect(config.jwtRules.map((rule) => rule.issuer)).toEqual(rules.map((rule) => rule.issuer));
    expect(requestAuthentication.spec?.selector).toEqual(plugin.spec.selector);
  });

  it("put jwt-authz after Istio's jwt_authn (AUTHZ phase) and never fail open", () => {
    expect(plugin.spec.phase).toBe("AUTHZ");
    expect(plugin.spec.failStrategy).not.toBe("FAIL_OPEN");
  });
});

describe("routing-headers and the routes that act on it", () => {
  const plugin = findWasmPlugin(manifestFile("base/routing-headers.yaml"), "routing-headers");
  const objects = manifestFile("base/routing-headers-routes.yaml");
  const config = plugin.spec.pluginConfig as { destinationHeader: string; rules: { route?: { destination: string }[] }[] };
  const destinations = new Set(config.rules.flatMap((rule) => (rule.route ?? []).map((route) => route.destination)));
  const http = findObject(objects, "VirtualService").spec?.http as { match?: { headers: Record<string, { exact: string }> }[]; route: { destination: { subset: string } }[] }[];

  it("route on the header the filter writes, with one subset per lane", () => {
    const matched = http.flatMap((route) => route.match ?? []).flatMap((match) => Object.entries(match.headers));
    expect(new Set(matched.map(([name]) => name))).toEqual(new Set([config.destinationHeader]));
    const subsets = (findObject(objects, "DestinationRule").spec?.subsets as { name: string }[]).map((subset) => subset.name);
    for (const destination of destinations) expect(subsets).toContain(destination);
    // Every lane the filter picks is either matched by its header value or caught by the default route.
    const byValue = new Map(http.flatMap((route) => (route.match ?? []).map((match) => [match.headers[config.destinationHeader].exact, route.route[0].destination.subset])));
    const fallback = http.find((route) => !route.match)?.route[0].destination.subset;
    for (const destination of destinations) expect(byValue.get(destination) ?? fallback).toBe(destination);
  });

  it("bind the VirtualService to a Gateway on the pods the plugin selects", () => {
    const gateway = findObject(objects, "Gateway");
    expect(findObject(objects, "VirtualService").spec?.gateways).toEqual([gateway.metadata.name]);
    expect(gateway.spec?.selector).toEqual(plugin.spec.selector?.matchLabels);
  });
});
