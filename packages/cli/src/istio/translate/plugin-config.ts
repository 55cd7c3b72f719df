import type { WasmPlugin } from "../wasm-plugin.ts";
import { failureFields, wasmPluginNames, type IstioVersion } from "./istio-version.ts";

export const HTTP_WASM_FILTER = "envoy.filters.http.wasm";
export const HTTP_WASM_TYPE = "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm";
export const NETWORK_WASM_FILTER = "envoy.filters.network.wasm";
export const NETWORK_WASM_TYPE = "type.googleapis.com/envoy.extensions.filters.network.wasm.v3.Wasm";
export const STRING_VALUE_TYPE = "type.googleapis.com/google.protobuf.StringValue";
export const V8_RUNTIME = "envoy.wasm.runtime.v8";

/** `envoy.extensions.wasm.v3.PluginConfig` in Envoy's JSON/YAML form (snake_case, as a bootstrap spells it). */
export interface EnvoyPluginConfig {
  name: string;
  root_id?: string;
  configuration?: { "@type": typeof STRING_VALUE_TYPE; value: string };
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

/**
 * The PluginConfig Envoy ends up with for a WasmPlugin: what istiod builds
 * (pilot/pkg/model/extensions.go) after the sidecar's agent rewrote it
 * (pkg/wasm/convert.go): code points at the downloaded file, and the agent's
 * own ISTIO_META_* variables (pull secret, pull policy, resource version) are
 * stripped, leaving only the plugin's vmConfig.env.
 */
export function buildPluginConfig(plugin: WasmPlugin, namespace: string, filename: string, version: IstioVersion): EnvoyPluginConfig {
  const spec = plugin.spec;
  const env = environmentVariables(spec.vmConfig?.env ?? []);
  return {
    name: wasmPluginNames(namespace, plugin.metadata.name, version).configName,
    ...(spec.pluginName ? { root_id: spec.pluginName } : {}),
    // Istio passes pluginConfig only when it has fields, as the JSON its jsonpb writes: compact, keys sorted.
    ...(spec.pluginConfig && Object.keys(spec.pluginConfig).length > 0
      ? { configuration: { "@type": STRING_VALUE_TYPE, value: JSON.stringify(sortKeys(spec.pluginConfig)) } }
      : {}),
    ...failureFields(spec.failStrategy, version),
    vm_config: { runtime: V8_RUNTIME, code: { local: { filename } }, ...(env ? { environment_variables: env } : {}) },
  };
}

/** INLINE (the default) variables become key_values, HOST ones host_env_keys; none at all: no field. */
function environmentVariables(env: NonNullable<WasmPlugin["spec"]["vmConfig"]>["env"] & object): EnvoyPluginConfig["vm_config"]["environment_variables"] {
  const keyValues: Record<string, string> = {};
  const hostEnvKeys: string[] = [];
  for (const variable of env) {
    if (variable.valueFrom === "HOST") hostEnvKeys.push(variable.name);
    else keyValues[variable.name] = variable.value ?? "";
  }
  if (Object.keys(keyValues).length === 0 && hostEnvKeys.length === 0) return undefined;
  return {
    ...(Object.keys(keyValues).length > 0 ? { key_values: keyValues } : {}),
    ...(hostEnvKeys.length > 0 ? { host_env_keys: hostEnvKeys } : {}),
  };
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
