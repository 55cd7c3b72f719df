import { stringify } from "yaml";
import {
  EXTENSIONS_API_VERSION,
  type EnvVar,
  type ExtensionKind,
  type ExtensionResource,
  type FailStrategy,
  type PluginType,
  type PolicyTargetReference,
  type PullPolicy,
  type TrafficSelector,
  type WasmConfig,
} from "./extension-resources.ts";

/** The phase as `envoyscript manifest` takes it; written in each kind's own spelling. */
export type ManifestPhase = "AUTHN" | "AUTHZ" | "STATS" | "UNSPECIFIED";

/** What `envoyscript manifest` puts in a WasmPlugin or TrafficExtension. */
export interface ManifestOptions {
  /** @default "WasmPlugin" */
  readonly kind?: ExtensionKind;
  readonly name: string;
  readonly namespace: string;
  /** An OCI reference (`oci://` is added when there is no scheme), or a file:// / http(s):// URL. */
  readonly image: string;
  readonly sha256?: string;
  readonly phase?: ManifestPhase;
  readonly priority?: number;
  readonly failStrategy?: FailStrategy;
  /** Envoy's root_id. */
  readonly pluginName?: string;
  readonly pluginConfig?: Record<string, unknown>;
  /** selector.matchLabels */
  readonly selector?: Readonly<Record<string, string>>;
  readonly targetRefs?: readonly PolicyTargetReference[];
  readonly env?: readonly EnvVar[];
  readonly type?: PluginType;
  readonly match?: readonly TrafficSelector[];
  readonly imagePullPolicy?: PullPolicy;
  readonly imagePullSecret?: string;
}

/**
 * Builds a WasmPlugin or TrafficExtension document. Fields not given are
 * left out (Istio's defaults apply), so the document says only what was
 * asked for.
 */
export function buildExtensionManifest(options: ManifestOptions): ExtensionResource {
  const kind = options.kind ?? "WasmPlugin";
  const metadata = { name: options.name, namespace: options.namespace };
  const targeting = {
    ...(options.selector && Object.keys(options.selector).length > 0 ? { selector: { matchLabels: { ...options.selector } } } : {}),
    ...(options.targetRefs?.length ? { targetRefs: options.targetRefs.map((ref) => ({ ...ref })) } : {}),
  };
  const ordering = {
    ...(options.priority !== undefined ? { priority: options.priority } : {}),
    ...(options.match?.length ? { match: options.match.map((entry) => ({ ...entry })) } : {}),
  };
  const wasm = wasmConfig(options);
  if (kind === "TrafficExtension") {
    const phase = options.phase === undefined ? {} : { phase: options.phase };
    return { apiVersion: EXTENSIONS_API_VERSION, kind, metadata, spec: { ...targeting, ...phase, ...ordering, wasm } };
  }
  const phase = options.phase === undefined ? {} : { phase: options.phase === "UNSPECIFIED" ? "UNSPECIFIED_PHASE" : options.phase };
  return { apiVersion: EXTENSIONS_API_VERSION, kind, metadata, spec: { ...targeting, ...phase, ...ordering, ...wasm } } as ExtensionResource;
}

function wasmConfig(options: ManifestOptions): WasmConfig {
  const wasm: WasmConfig = { url: imageUrl(options.image) };
  if (options.sha256 !== undefined) wasm.sha256 = options.sha256;
  if (options.imagePullPolicy !== undefined) wasm.imagePullPolicy = options.imagePullPolicy;
  if (options.imagePullSecret !== undefined) wasm.imagePullSecret = options.imagePullSecret;
  if (options.failStrategy !== undefined) wasm.failStrategy = options.failStrategy;
  if (options.pluginName !== undefined) wasm.pluginName = options.pluginName;
  if (options.pluginConfig !== undefined) wasm.pluginConfig = options.pluginConfig;
  if (options.env && options.env.length > 0) wasm.vmConfig = { env: options.env.map((variable) => ({ ...variable })) };
  if (options.type !== undefined) wasm.type = options.type;
  return wasm;
}

/**
 * `ghcr.io/org/filter:1.0` becomes `oci://ghcr.io/org/filter:1.0`. Istio
 * reads a scheme-less URL as OCI too, but the CRD's URL rule refuses some
 * (`localhost:5000/x` parses as scheme "localhost"), so the scheme is written out.
 */
export function imageUrl(image: string): string {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(image) ? image : `oci://${image}`;
}

export function manifestToYaml(manifest: ExtensionResource): string {
  return stringify(manifest, { lineWidth: 0 });
}
