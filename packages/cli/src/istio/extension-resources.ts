/**
 * Istio's two resources that put a Wasm module into Envoy, as TypeScript
 * types (`extensions.istio.io/v1alpha1`): `WasmPlugin`, and its successor
 * `TrafficExtension` (Istio 1.30+: the same targeting, phase, priority and
 * match, and a `wasm` or `lua` block). Istio's CRDs, not these types, are
 * what documents are validated against.
 */
export const EXTENSIONS_API_VERSION = "extensions.istio.io/v1alpha1";

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: string;
  resourceVersion?: string;
}

export type PluginPhase = "UNSPECIFIED_PHASE" | "AUTHN" | "AUTHZ" | "STATS";
/** TrafficExtension's name for the phases; the same numbers as PluginPhase, `UNSPECIFIED` instead of `UNSPECIFIED_PHASE`. */
export type ExecutionPhase = "UNSPECIFIED" | "AUTHN" | "AUTHZ" | "STATS";
export type FailStrategy = "FAIL_CLOSE" | "FAIL_OPEN" | "FAIL_RELOAD";
export type PullPolicy = "UNSPECIFIED_POLICY" | "IfNotPresent" | "Always";
export type PluginType = "UNSPECIFIED_PLUGIN_TYPE" | "HTTP" | "NETWORK";
export type WorkloadMode = "UNDEFINED" | "CLIENT" | "SERVER" | "CLIENT_AND_SERVER";

export interface PolicyTargetReference {
  group?: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface EnvVar {
  name: string;
  /** @default "INLINE" */
  valueFrom?: "INLINE" | "HOST";
  value?: string;
}

export interface TrafficSelector {
  mode?: WorkloadMode;
  ports?: { number: number }[];
}

/** The Wasm fields both kinds share (a WasmPlugin's spec, a TrafficExtension's `wasm`). */
export interface WasmConfig {
  /** oci:// (also when no scheme), file://, http://, https:// */
  url: string;
  sha256?: string | null;
  imagePullPolicy?: PullPolicy;
  imagePullSecret?: string;
  pluginConfig?: Record<string, unknown>;
  pluginName?: string;
  failStrategy?: FailStrategy;
  vmConfig?: { env?: EnvVar[] };
  type?: PluginType;
  verificationKey?: string;
}

export interface WasmPluginSpec extends WasmConfig {
  selector?: { matchLabels?: Record<string, string> };
  /** Deprecated; istiod reads it as `targetRefs: [targetRef]`. */
  targetRef?: PolicyTargetReference;
  targetRefs?: PolicyTargetReference[];
  phase?: PluginPhase;
  priority?: number | null;
  match?: TrafficSelector[];
}

export interface WasmPlugin {
  apiVersion: typeof EXTENSIONS_API_VERSION;
  kind: "WasmPlugin";
  metadata: ObjectMeta;
  spec: WasmPluginSpec;
}

export interface TrafficExtensionSpec {
  selector?: { matchLabels?: Record<string, string> };
  targetRefs?: PolicyTargetReference[];
  phase?: ExecutionPhase;
  priority?: number | null;
  match?: TrafficSelector[];
  /** Exactly one of wasm and lua. */
  wasm?: WasmConfig;
  lua?: { inlineCode: string };
}

export interface TrafficExtension {
  apiVersion: typeof EXTENSIONS_API_VERSION;
  kind: "TrafficExtension";
  metadata: ObjectMeta;
  spec: TrafficExtensionSpec;
}

export type ExtensionResource = WasmPlugin | TrafficExtension;
export type ExtensionKind = ExtensionResource["kind"];
export const EXTENSION_KINDS: readonly ExtensionKind[] = ["WasmPlugin", "TrafficExtension"];

/** A document whose apiVersion and kind say it is a WasmPlugin or a TrafficExtension (its content is not checked). */
export function isExtensionResource(doc: unknown): doc is ExtensionResource {
  const record = doc as { apiVersion?: unknown; kind?: unknown } | null;
  return typeof record === "object" && record !== null && record.apiVersion === EXTENSIONS_API_VERSION && EXTENSION_KINDS.includes(record.kind as ExtensionKind);
}

/** The Wasm block of either kind (undefined for a Lua TrafficExtension). */
export function wasmConfigOf(resource: ExtensionResource): WasmConfig | undefined {
  return resource.kind === "WasmPlugin" ? resource.spec : resource.spec.wasm;
}

/** Where a resource's pluginConfig sits, for messages. */
export function pluginConfigPath(kind: ExtensionKind): string {
  return kind === "WasmPlugin" ? "spec.pluginConfig" : "spec.wasm.pluginConfig";
}

/** istiod's marker on the TrafficExtensions it makes of WasmPlugins (a "~" cannot be in a Kubernetes name). */
export const TRANSLATED_WASMPLUGIN_SUFFIX = "~istio-translated-wasmplugin";

/**
 * What istiod (1.30+) makes of a WasmPlugin before anything else reads it
 * (pilot/pkg/config/kube/extensions/translate.go): a TrafficExtension named
 * `<name>~istio-translated-wasmplugin` with the same targeting, phase,
 * priority and match, the singular targetRef folded into targetRefs, and
 * the Wasm fields moved under `wasm`.
 */
export function toTrafficExtension(plugin: WasmPlugin): TrafficExtension {
  const { selector, targetRef, targetRefs, phase, priority, match, ...wasm } = plugin.spec;
  const refs = targetRefs?.length ? targetRefs : targetRef ? [targetRef] : undefined;
  return {
    apiVersion: EXTENSIONS_API_VERSION,
    kind: "TrafficExtension",
    metadata: { ...plugin.metadata, name: `${plugin.metadata.name}${TRANSLATED_WASMPLUGIN_SUFFIX}` },
    spec: {
      ...(selector ? { selector } : {}),
      ...(refs ? { targetRefs: refs } : {}),
      ...(phase !== undefined ? { phase: phase === "UNSPECIFIED_PHASE" ? "UNSPECIFIED" : phase } : {}),
      ...(priority !== undefined ? { priority } : {}),
      ...(match?.length ? { match } : {}),
      wasm,
    },
  };
}
