import type { EnvVar, WasmConfig } from "../extension-resources.ts";
import { failureFields, type IstioVersion } from "./istio-version.ts";
import type { Extension } from "./selection.ts";

export const HTTP_WASM_FILTER = "envoy.filters.http.wasm";
export const HTTP_WASM_TYPE = "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm";
export const NETWORK_WASM_FILTER = "envoy.filters.network.wasm";
export const NETWORK_WASM_TYPE = "type.googleapis.com/envoy.extensions.filters.network.wasm.v3.Wasm";
export const STRING_VALUE_TYPE = "type.googleapis.com/google.protobuf.StringValue";
export const V8_RUNTIME = "envoy.wasm.runtime.v8";

/** The variables istiod adds for the agent (pkg/model/wasm.go). */
export const AGENT_ENV = {
  pullSecret: "ISTIO_META_WASM_IMAGE_PULL_SECRET",
  pullPolicy: "ISTIO_META_WASM_IMAGE_PULL_POLICY",
  resourceVersion: "ISTIO_META_WASM_PLUGIN_RESOURCE_VERSION",
} as const;

/** `envoy.extensions.wasm.v3.PluginConfig` in Envoy's JSON/YAML form (snake_case, as a bootstrap spells it). */
export interface EnvoyPluginConfig {
  name: string;
  root_id?: string;
  /** The pluginConfig as JSON text; an empty Any (`{}`, which Envoy hands over as an empty configuration) when there is none, as istiod writes it. */
  configuration: { "@type": typeof STRING_VALUE_TYPE; value: string } | Record<string, never>;
  failure_policy?: "FAIL_OPEN" | "FAIL_CLOSED" | "FAIL_RELOAD";
  fail_open?: boolean;
  vm_config: {
    runtime: typeof V8_RUNTIME;
    code: { local: { filename: string } };
    environment_variables?: { key_values?: Record<string, string>; host_env_keys?: string[] };
  };
}

/** An Envoy HTTP or network filter with its typed config inline. */
export interface EnvoyWasmFilter {
  name: string;
  typed_config: { "@type": typeof HTTP_WASM_TYPE | typeof NETWORK_WASM_TYPE; config: EnvoyPluginConfig };
}

/** What the translation needs to know of the module beside the resource. */
export interface ModuleSource {
  /** The local file Envoy loads. */
  readonly filename: string;
  /** A file:// url: istiod points Envoy at it directly and the agent leaves the config alone. */
  readonly local: boolean;
  /** The Docker config the pull secret named by `imagePullSecret` holds ("" when it was not found), as istiod passes it. */
  readonly pullSecret?: string;
}

/**
 * The PluginConfig Envoy ends up with for a Wasm extension: what istiod
 * builds (pilot/pkg/model/extensions.go, buildWasmConfig and buildVMConfig)
 * and the sidecar's agent then rewrites (pkg/wasm/convert.go). For a remote
 * module (oci, http) the agent points `code` at the downloaded file and
 * strips istiod's ISTIO_META_* variables; a file:// module is left as istiod
 * wrote it, those variables included.
 */
export function buildPluginConfig(extension: Extension, module: ModuleSource, version: IstioVersion): EnvoyPluginConfig {
  const wasm = extension.spec.wasm!;
  const env = environmentVariables(wasm, extension, module);
  const configuration = pluginConfigJson(wasm.pluginConfig);
  return {
    name: extension.configName,
    ...(wasm.pluginName ? { root_id: wasm.pluginName } : {}),
    configuration: configuration === undefined ? {} : { "@type": STRING_VALUE_TYPE, value: configuration },
    ...failureFields(wasm.failStrategy, version),
    vm_config: { runtime: V8_RUNTIME, code: { local: { filename: module.filename } }, ...(env ? { environment_variables: env } : {}) },
  };
}

/**
 * The pluginConfig as the JSON text Istio hands the plugin: its jsonpb
 * marshalling of a protobuf Struct, i.e. compact, keys sorted, and Go's
 * HTML-safe escaping of <, >, & and U+2028/U+2029; none for an empty or
 * absent pluginConfig.
 */
export function pluginConfigJson(pluginConfig: Record<string, unknown> | undefined): string | undefined {
  if (!pluginConfig || Object.keys(pluginConfig).length === 0) return undefined;
  return JSON.stringify(sortKeys(pluginConfig)).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

type EnvironmentVariables = NonNullable<EnvoyPluginConfig["vm_config"]["environment_variables"]>;

function environmentVariables(wasm: WasmConfig, extension: Extension, module: ModuleSource): EnvironmentVariables | undefined {
  const keyValues: Record<string, string> = module.local ? agentVariables(wasm, extension, module) : {};
  const hostEnvKeys: string[] = [];
  for (const variable of wasm.vmConfig?.env ?? ([] as EnvVar[])) {
    if ((variable.valueFrom ?? "INLINE") === "HOST") hostEnvKeys.push(variable.name);
    else keyValues[variable.name] = variable.value ?? "";
  }
  if (Object.keys(keyValues).length === 0 && hostEnvKeys.length === 0) return undefined;
  return {
    ...(Object.keys(keyValues).length > 0 ? { key_values: keyValues } : {}),
    ...(hostEnvKeys.length > 0 ? { host_env_keys: hostEnvKeys } : {}),
  };
}

/** istiod's own variables, which reach Envoy only for file:// modules (the agent strips them from the others). */
function agentVariables(wasm: WasmConfig, extension: Extension, module: ModuleSource): Record<string, string> {
  const variables: Record<string, string> = {};
  if (wasm.imagePullSecret) variables[AGENT_ENV.pullSecret] = module.pullSecret ?? "";
  if (wasm.imagePullPolicy && wasm.imagePullPolicy !== "UNSPECIFIED_POLICY") variables[AGENT_ENV.pullPolicy] = wasm.imagePullPolicy;
  variables[AGENT_ENV.resourceVersion] = resourceVersionOf(extension);
  return variables;
}

/** A document read from a file has no resourceVersion; the translation (and the goldens) give it "1". */
export function resourceVersionOf(extension: Extension): string {
  return extension.source.metadata.resourceVersion ?? "1";
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}
