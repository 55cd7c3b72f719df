import path from "node:path";
import { cacheDir } from "@envoyscript/testkit";
import { CliError } from "../../errors.ts";
import { pullModule } from "../../oci/index.ts";
import { PINNED_ISTIO_VERSION } from "../crd-version.ts";
import type { WasmPluginSchema } from "../schema/crd.ts";
import { formatFieldError } from "../schema/field-error.ts";
import { validateWasmPlugin, type PluginConfigValidator } from "../validate.ts";
import type { WasmPlugin } from "../wasm-plugin.ts";
import { parseYamlDocuments } from "../yaml-documents.ts";
import { parseIstioVersion, wasmPluginNames } from "./istio-version.ts";
import { resolveModule, type FetchHttp, type FetchOci } from "./module-fetch.ts";
import { buildPluginConfig, HTTP_WASM_TYPE, NETWORK_WASM_TYPE, type EnvoyWasmFilter } from "./plugin-config.ts";
import { chainLayout, orderByPhaseAndPriority, selectForSidecarInbound, type ChainSlot, type SidecarWorkload, type SkippedPlugin } from "./sidecar-chain.ts";

export interface EmulateOptions {
  /** The Istio release whose translation to follow (names and failure fields differ). @default PINNED_ISTIO_VERSION */
  readonly istioVersion?: string;
  /** The workload whose inbound listener is built. @default every plugin matches */
  readonly workload?: SidecarWorkload;
  /** Namespace for documents without metadata.namespace. @default "default" */
  readonly defaultNamespace?: string;
  /** Where downloaded modules go. @default `<cache>/istio/modules` */
  readonly moduleDir?: string;
  /** Pulls oci:// modules. @default pullModule from src/oci (Docker credentials from ~/.docker/config.json) */
  readonly fetchOci?: FetchOci;
  readonly fetchHttp?: FetchHttp;
  /** The CRD schema every document is validated against first. @default the pinned one */
  readonly schema?: WasmPluginSchema;
  readonly pluginConfigValidator?: PluginConfigValidator;
}

export interface SidecarInboundTranslation {
  readonly istioVersion: string;
  /** The plugins' HTTP filters in chain order, typed config inline, ready for a bootstrap's http_filters (before the router). */
  readonly httpFilters: EnvoyWasmFilter[];
  /** `type: NETWORK` plugins as network filters, in the same phase order (Istio puts them before the HTTP connection manager). */
  readonly networkFilters: EnvoyWasmFilter[];
  /** The whole inbound HTTP chain, Istio's own filters as markers. */
  readonly layout: ChainSlot[];
  /** Plugins that would not reach this sidecar, with the reason. */
  readonly skipped: SkippedPlugin[];
}

/**
 * Emulates what istiod and the sidecar's agent make of WasmPlugins for one
 * workload's inbound listener: validate each document, keep those that
 * apply, order them by phase and priority, fetch each module to a local file
 * and build the `envoy.extensions.filters.{http,network}.wasm.v3.Wasm` config
 * Envoy receives.
 */
export async function emulateSidecarInbound(input: string | readonly unknown[], options: EmulateOptions = {}): Promise<SidecarInboundTranslation> {
  const istioVersion = options.istioVersion ?? PINNED_ISTIO_VERSION;
  const version = parseIstioVersion(istioVersion);
  const docs = typeof input === "string" ? parseYamlDocuments(input, "WasmPlugin YAML") : [...input];
  const plugins = await validateAll(docs, options);
  const { selected, skipped } = selectForSidecarInbound(plugins, options.workload ?? {});
  const ordered = orderByPhaseAndPriority(selected);

  const fetchOptions = {
    moduleDir: options.moduleDir ?? path.join(cacheDir(), "istio", "modules"),
    fetchOci: options.fetchOci ?? defaultFetchOci,
    fetchHttp: options.fetchHttp,
  };
  const httpFilters: EnvoyWasmFilter[] = [];
  const networkFilters: EnvoyWasmFilter[] = [];
  for (const { plugin, namespace } of ordered) {
    const { filename } = await resolveModule(plugin.spec.url, plugin.spec.sha256 || undefined, fetchOptions);
    const config = buildPluginConfig(plugin, namespace, filename, version);
    const name = wasmPluginNames(namespace, plugin.metadata.name, version).filterName;
    if (plugin.spec.type === "NETWORK") networkFilters.push({ name, typed_config: { "@type": NETWORK_WASM_TYPE, config } });
    else httpFilters.push({ name, typed_config: { "@type": HTTP_WASM_TYPE, config } });
  }
  const httpOrdered = ordered.filter((entry) => entry.plugin.spec.type !== "NETWORK");
  return { istioVersion, httpFilters, networkFilters, layout: chainLayout(httpOrdered, version), skipped };
}

async function validateAll(docs: unknown[], options: EmulateOptions): Promise<{ plugin: WasmPlugin; namespace: string }[]> {
  const problems: string[] = [];
  for (const [i, doc] of docs.entries()) {
    const validation = await validateWasmPlugin(doc, { schema: options.schema, pluginConfigValidator: options.pluginConfigValidator });
    const label = `document ${i + 1}${nameOf(doc)}`;
    problems.push(...validation.errors.map((error) => `  ${label}: ${formatFieldError(error)}`));
  }
  if (problems.length > 0) throw new CliError("E_WASMPLUGIN_INVALID", `Istio would reject these WasmPlugins:\n${problems.join("\n")}`);
  return (docs as WasmPlugin[]).map((plugin) => ({ plugin, namespace: plugin.metadata.namespace ?? options.defaultNamespace ?? "default" }));
}

function nameOf(doc: unknown): string {
  const name = (doc as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  return typeof name === "string" ? ` (${name})` : "";
}

const defaultFetchOci: FetchOci = async (url) => {
  const pulled = await pullModule(url);
  return { module: pulled.module, manifestDigest: pulled.manifestDigest };
};
