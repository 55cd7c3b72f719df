/**
 * The WasmPlugin resource (`extensions.istio.io/v1alpha1`) as TypeScript
 * types, for building and reading documents. The CRD schema, not these
 * types, is what `validateWasmPlugin` checks against.
 */
export interface WasmPlugin {
  apiVersion: "extensions.istio.io/v1alpha1";
  kind: "WasmPlugin";
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; creationTimestamp?: string };
  spec: WasmPluginSpec;
}

export type PluginPhase = "UNSPECIFIED_PHASE" | "AUTHN" | "AUTHZ" | "STATS";
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

export interface WasmPluginSpec {
  selector?: { matchLabels?: Record<string, string> };
  targetRef?: PolicyTargetReference;
  targetRefs?: PolicyTargetReference[];
  /** oci:// (also when no scheme), file://, http://, https:// */
  url: string;
  sha256?: string;
  imagePullPolicy?: PullPolicy;
  imagePullSecret?: string;
  pluginConfig?: Record<string, unknown>;
  pluginName?: string;
  phase?: PluginPhase;
  priority?: number | null;
  failStrategy?: FailStrategy;
  vmConfig?: { env?: EnvVar[] };
  match?: { mode?: WorkloadMode; ports?: { number: number }[] }[];
  type?: PluginType;
  verificationKey?: string;
}

export const WASMPLUGIN_API_VERSION = "extensions.istio.io/v1alpha1";
export const WASMPLUGIN_KIND = "WasmPlugin";
