import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { cacheDir } from "@envoyscript/testkit";
import { CliError } from "../../errors.ts";
import { pullModule } from "../../oci/index.ts";
import { isExtensionResource, type ExtensionResource, type PullPolicy } from "../extension-resources.ts";
import { formatFieldError } from "../field-error.ts";
import { PINNED_ISTIO_VERSION, TRAFFIC_EXTENSION_SINCE } from "../istio-release.ts";
import type { KubeValidationOptions } from "../kube-validator.ts";
import { validateIstioResources, type PluginConfigValidator } from "../validate.ts";
import { parseYamlDocuments } from "../yaml-documents.ts";
import { chainLayout, type ChainSlot } from "./chain-layout.ts";
import { hasTrafficExtension, parseIstioVersion, type IstioVersion } from "./istio-version.ts";
import { resolveModule, type FetchFile, type FetchHttp, type FetchOci, type ModuleFetchOptions, type ResolvedModule } from "./module-fetch.ts";
import { buildPluginConfig, HTTP_WASM_TYPE, NETWORK_WASM_TYPE, type EnvoyWasmFilter } from "./plugin-config.ts";
import { dockerConfigSecrets, isSecret } from "./pull-secrets.ts";
import { describeExtension, orderByPhaseAndPriority, selectExtensions, toExtension, type Extension, type ProxyWorkload, type SkippedExtension } from "./selection.ts";

export interface EmulateOptions {
  /** The Istio release whose translation to follow (names and failure fields differ). @default PINNED_ISTIO_VERSION */
  readonly istioVersion?: string;
  /** The proxy and listener to build. @default one sidecar that every selector selects, all traffic */
  readonly workload?: ProxyWorkload;
  /** Namespace for documents without metadata.namespace. @default "default" */
  readonly defaultNamespace?: string;
  /** The agent's module cache. @default `<cache>/istio/modules` */
  readonly moduleDir?: string;
  /** Pulls oci:// modules. @default pullModule from src/oci (credentials: the imagePullSecret's Docker config, else ~/.docker/config.json) */
  readonly fetchOci?: FetchOci;
  readonly fetchHttp?: FetchHttp;
  readonly fetchFile?: FetchFile;
  /** Docker config JSON by Secret name, beside the `kubernetes.io/dockerconfigjson` Secrets among the documents. */
  readonly pullSecrets?: Readonly<Record<string, string>>;
  /** Where the validator finds its CRDs and cache. @default Istio's pinned CRDs */
  readonly validation?: KubeValidationOptions;
  readonly pluginConfigValidator?: PluginConfigValidator;
}

/** The Lua filter Istio inlines for a TrafficExtension's `lua` (extension/lua.go). */
export interface EnvoyLuaFilter {
  name: string;
  typed_config: { "@type": typeof LUA_TYPE; default_source_code: { inline_string: string } };
}

export const LUA_TYPE = "type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua";

export interface ModuleReport {
  readonly extension: string;
  /** The filter (ECDS resource) name: what the agent knows the module by. */
  readonly filterName: string;
  readonly url: string;
  /** The checksum the module was asked for (the resource's sha256). */
  readonly sha256?: string;
  readonly pullPolicy?: PullPolicy;
  /** The Docker config of the imagePullSecret the module was pulled with. */
  readonly pullSecret?: string;
  readonly source: ResolvedModule["source"];
  readonly filename: string;
}

export interface ProxyTranslation {
  readonly istioVersion: string;
  /** The extensions' HTTP filters in chain order, typed config inline, ready for a bootstrap's http_filters (before the router). */
  readonly httpFilters: (EnvoyWasmFilter | EnvoyLuaFilter)[];
  /** `type: NETWORK` extensions as network filters, in phase order (Istio puts them before the HTTP connection manager). */
  readonly networkFilters: EnvoyWasmFilter[];
  /** The whole HTTP chain, Istio's own filters as markers. */
  readonly layout: ChainSlot[];
  /** Extensions that would not reach this proxy's listener, and documents that are not extensions, with the reason. */
  readonly skipped: SkippedExtension[];
  /** Where each module came from. */
  readonly modules: ModuleReport[];
}

/**
 * Emulates what istiod and the sidecar's agent make of WasmPlugins and
 * TrafficExtensions for one proxy's listener: validate each document as the
 * API server would, translate WasmPlugins into TrafficExtensions (Istio
 * 1.30+), keep those that attach to the proxy and match the listener, order
 * them by phase and priority, fetch each module to a local file and build
 * the `envoy.extensions.filters.{http,network}.wasm.v3.Wasm` (or Lua)
 * config Envoy receives. Secrets of type `kubernetes.io/dockerconfigjson`
 * among the documents serve as pull secrets.
 */
export async function emulateProxy(input: string | readonly unknown[], options: EmulateOptions = {}): Promise<ProxyTranslation> {
  const istioVersion = options.istioVersion ?? PINNED_ISTIO_VERSION;
  const version = parseIstioVersion(istioVersion);
  const docs = typeof input === "string" ? parseYamlDocuments(input, "Istio YAML") : [...input];
  const { extensions, skipped } = await readExtensions(docs, options, version);
  const workload = options.workload ?? {};
  const http = selectExtensions(extensions, workload, "HTTP");
  const network = selectExtensions(extensions, workload, "NETWORK");
  const httpOrdered = orderByPhaseAndPriority(http.selected);
  const networkOrdered = orderByPhaseAndPriority(network.selected);

  const context: FilterContext = {
    version,
    pullSecrets: { ...dockerConfigSecrets(docs.filter(isSecret)), ...options.pullSecrets },
    fetchOptions: {
      moduleDir: options.moduleDir ?? path.join(cacheDir(), "istio", "modules"),
      fetchOci: options.fetchOci ?? defaultFetchOci,
      fetchHttp: options.fetchHttp,
      fetchFile: options.fetchFile,
    },
    modules: [],
  };
  const httpFilters: ProxyTranslation["httpFilters"] = [];
  for (const extension of httpOrdered) httpFilters.push(extension.spec.lua ? luaFilter(extension) : await wasmFilter(extension, HTTP_WASM_TYPE, context));
  const networkFilters: EnvoyWasmFilter[] = [];
  for (const extension of networkOrdered) networkFilters.push(await wasmFilter(extension, NETWORK_WASM_TYPE, context));
  const layout = chainLayout(httpOrdered);
  return { istioVersion, httpFilters, networkFilters, layout, skipped: [...skipped, ...http.skipped, ...network.skipped], modules: context.modules };
}

/** What building the Wasm filters of one translation shares. */
interface FilterContext {
  readonly version: IstioVersion;
  readonly pullSecrets: Readonly<Record<string, string>>;
  readonly fetchOptions: ModuleFetchOptions;
  /** Filled as modules are fetched. */
  readonly modules: ModuleReport[];
}

/** Fetches an extension's module as the agent would and builds its filter. */
async function wasmFilter(extension: Extension, type: typeof HTTP_WASM_TYPE | typeof NETWORK_WASM_TYPE, context: FilterContext): Promise<EnvoyWasmFilter> {
  const wasm = extension.spec.wasm!;
  const local = /^file:\/\//i.test(wasm.url);
  // A file:// module needs no pull: istiod passes whatever the Secret holds ("" when there is none) and the agent leaves it.
  const pullSecret = !wasm.imagePullSecret ? undefined : local ? (context.pullSecrets[wasm.imagePullSecret] ?? "") : requirePullSecret(extension, wasm.imagePullSecret, context.pullSecrets);
  const request = { url: wasm.url, sha256: wasm.sha256 || undefined, pullPolicy: pullPolicyOf(wasm.imagePullPolicy), dockerConfig: pullSecret };
  const resolved = await resolveModule(request, context.fetchOptions);
  context.modules.push({
    extension: describeExtension(extension),
    filterName: extension.filterName,
    url: wasm.url,
    sha256: request.sha256,
    pullPolicy: request.pullPolicy,
    pullSecret,
    source: resolved.source,
    filename: resolved.filename,
  });
  const config = buildPluginConfig(extension, { filename: resolved.filename, local, pullSecret }, context.version);
  return { name: extension.filterName, typed_config: { "@type": type, config } };
}

async function readExtensions(docs: unknown[], options: EmulateOptions, version: IstioVersion): Promise<{ extensions: Extension[]; skipped: SkippedExtension[] }> {
  const skipped: SkippedExtension[] = [];
  const resources: ExtensionResource[] = [];
  const labels: string[] = [];
  docs.forEach((doc, i) => {
    if (isExtensionResource(doc)) {
      resources.push(doc);
      labels.push(`document ${i + 1}${nameOf(doc)}`);
    } else if (!isSecret(doc)) {
      skipped.push({ extension: `document ${i + 1}${nameOf(doc)}`, reason: `it is a ${kindOf(doc)}, not a WasmPlugin or TrafficExtension` });
    }
  });
  const validations = await validateIstioResources(resources, { ...options.validation, pluginConfigValidator: options.pluginConfigValidator });
  const problems = validations.flatMap((validation, i) => validation.errors.map((error) => `  ${labels[i]}: ${formatFieldError(error)}`));
  if (problems.length > 0) throw new CliError("E_RESOURCE_INVALID", `Istio would reject these resources:\n${problems.join("\n")}`);
  const traffic = resources.find((resource) => resource.kind === "TrafficExtension");
  if (traffic && !hasTrafficExtension(version)) {
    throw new CliError("E_ISTIO_VERSION", `TrafficExtension ${traffic.metadata.name} needs Istio ${TRAFFIC_EXTENSION_SINCE} or newer, not ${options.istioVersion}: use a WasmPlugin for older meshes`, 2);
  }
  const extensions = resources.map((resource) => toExtension(resource, resource.metadata.namespace ?? options.defaultNamespace ?? "default", version));
  return { extensions, skipped };
}

function requirePullSecret(extension: Extension, secret: string, pullSecrets: Readonly<Record<string, string>>): string {
  const dockerConfig = pullSecrets[secret];
  if (dockerConfig !== undefined) return dockerConfig;
  throw new CliError(
    "E_PULL_SECRET_MISSING",
    `${describeExtension(extension)} pulls with imagePullSecret "${secret}", which is not among the documents: add its Secret (type kubernetes.io/dockerconfigjson, in namespace ${extension.namespace}). ` +
      `In a mesh istiod would send an empty secret and the agent would pull anonymously; where the registry wants credentials the pull fails and the agent puts a ${extension.spec.wasm?.failStrategy === "FAIL_OPEN" ? "allow-all" : "deny-all"} RBAC filter in its place.`,
  );
}

/** UNSPECIFIED_POLICY is no policy: the agent's default applies. */
function pullPolicyOf(policy: PullPolicy | undefined): PullPolicy | undefined {
  return policy === "UNSPECIFIED_POLICY" ? undefined : policy;
}

function luaFilter(extension: Extension): EnvoyLuaFilter {
  return { name: extension.filterName, typed_config: { "@type": LUA_TYPE, default_source_code: { inline_string: extension.spec.lua!.inlineCode } } };
}

function nameOf(doc: unknown): string {
  const name = (doc as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  return typeof name === "string" ? ` (${name})` : "";
}

function kindOf(doc: unknown): string {
  const kind = (doc as { kind?: unknown } | null)?.kind;
  return typeof kind === "string" ? kind : "document without a kind";
}

/** Pulls with src/oci, the imagePullSecret's Docker config standing in for ~/.docker/config.json. */
const defaultFetchOci: FetchOci = async (url, { dockerConfig }) => {
  if (dockerConfig === undefined) return pullModule(url);
  const dir = mkdtempSync(path.join(os.tmpdir(), "envoyscript-pull-secret-"));
  try {
    writeFileSync(path.join(dir, "config.json"), dockerConfig, { mode: 0o600 });
    return await pullModule(url, { env: { ...process.env, DOCKER_CONFIG: dir } });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
