import { stringify } from "yaml";
import type { EnvVar, FailStrategy, PluginPhase, WasmPlugin, WasmPluginSpec } from "./wasm-plugin.ts";
import { WASMPLUGIN_API_VERSION, WASMPLUGIN_KIND } from "./wasm-plugin.ts";

/** What `envoyscript manifest` puts in a WasmPlugin. */
export interface ManifestOptions {
  readonly name: string;
  readonly namespace: string;
  /** An OCI reference (`oci://` is added when there is no scheme), or a file:// / http(s):// URL. */
  readonly image: string;
  readonly sha256?: string;
  readonly phase?: PluginPhase;
  readonly priority?: number;
  readonly failStrategy?: FailStrategy;
  /** Envoy's root_id. */
  readonly pluginName?: string;
  readonly pluginConfig?: Record<string, unknown>;
  /** selector.matchLabels */
  readonly selector?: Readonly<Record<string, string>>;
  readonly env?: readonly EnvVar[];
}

/**
 * Builds a WasmPlugin document. Fields not given are left out (Istio's
 * defaults apply), so the document says only what was asked for.
 */
export function buildWasmPluginManifest(options: ManifestOptions): WasmPlugin {
  const spec: WasmPluginSpec = { url: imageUrl(options.image) };
  if (options.sha256 !== undefined) spec.sha256 = options.sha256;
  if (options.selector && Object.keys(options.selector).length > 0) spec.selector = { matchLabels: { ...options.selector } };
  if (options.phase !== undefined) spec.phase = options.phase;
  if (options.priority !== undefined) spec.priority = options.priority;
  if (options.failStrategy !== undefined) spec.failStrategy = options.failStrategy;
  if (options.pluginName !== undefined) spec.pluginName = options.pluginName;
  if (options.pluginConfig !== undefined) spec.pluginConfig = options.pluginConfig;
  if (options.env && options.env.length > 0) spec.vmConfig = { env: options.env.map((variable) => ({ ...variable })) };
  return {
    apiVersion: WASMPLUGIN_API_VERSION,
    kind: WASMPLUGIN_KIND,
    metadata: { name: options.name, namespace: options.namespace },
    spec,
  };
}

/**
 * `ghcr.io/org/filter:1.0` becomes `oci://ghcr.io/org/filter:1.0`. Istio
 * reads a scheme-less URL as OCI too, but the CRD's URL rule refuses some
 * (`localhost:5000/x` parses as scheme "localhost"), so the scheme is written out.
 */
export function imageUrl(image: string): string {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(image) ? image : `oci://${image}`;
}

export function manifestToYaml(manifest: WasmPlugin): string {
  return stringify(manifest, { lineWidth: 0 });
}
