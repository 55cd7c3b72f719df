import {
  toTrafficExtension,
  type ExecutionPhase,
  type ExtensionKind,
  type ExtensionResource,
  type PolicyTargetReference,
  type TrafficExtension,
  type TrafficSelector,
  type WorkloadMode,
} from "../extension-resources.ts";
import { extensionNames, hasTrafficExtension, type IstioVersion } from "./istio-version.ts";

/**
 * The proxy whose listener is emulated. Every field is optional: what is
 * left out matches everything, so an empty workload is "one proxy that every
 * selector selects, all traffic".
 */
export interface ProxyWorkload {
  /**
   * `sidecar`: a pod's sidecar; `gateway`: a gateway (Istio's ingress gateway
   * deployment, selected by labels like a sidecar; or, with `gatewayName`, a
   * Gateway API gateway, whose pods carry `gateway.networking.k8s.io/gateway-name`
   * and which `targetRefs` name); `waypoint`: an ambient waypoint. @default "sidecar"
   */
  readonly kind?: "sidecar" | "gateway" | "waypoint";
  /** Pod labels, matched against `selector.matchLabels`. Omitted: every selector matches. */
  readonly labels?: Readonly<Record<string, string>>;
  /** The proxy's namespace: extensions from it and from the root namespace apply. Omitted: every namespace. */
  readonly namespace?: string;
  /** The Gateway API gateway (or waypoint) this proxy runs for, which `targetRefs` of kind Gateway name (its pods' `gateway.networking.k8s.io/gateway-name` label). */
  readonly gatewayName?: string;
  /** A waypoint's services, which `targetRefs` of kind Service (or ServiceEntry) name. */
  readonly services?: readonly { readonly name: string; readonly namespace: string; readonly kind?: "Service" | "ServiceEntry" }[];
  /** A sidecar's listener: inbound (SERVER) or outbound (CLIENT). A gateway's listeners are CLIENT, a waypoint's SERVER. Omitted (sidecar): all traffic. */
  readonly traffic?: "inbound" | "outbound";
  /** The listener's port, matched against `match[].ports`. Omitted: every port. */
  readonly port?: number;
  /** Istio's root namespace, whose extensions apply mesh-wide. @default "istio-system" */
  readonly rootNamespace?: string;
}

/** A WasmPlugin or TrafficExtension, as istiod holds it: a TrafficExtension (WasmPlugins translated) under its name. */
export interface Extension {
  readonly source: ExtensionResource;
  readonly kind: ExtensionKind;
  readonly namespace: string;
  /** The name as written. */
  readonly name: string;
  /** The name istiod sorts and names filters by (a translated WasmPlugin's carries the `~istio-translated-wasmplugin` suffix from 1.30). */
  readonly internalName: string;
  readonly spec: TrafficExtension["spec"];
  readonly filterName: string;
  readonly configName: string;
}

export interface SkippedExtension {
  /** `<kind> <namespace>/<name>` */
  readonly extension: string;
  readonly reason: string;
}

/** The phases in the order istiod appends them to a chain (listener_builder.go). */
export const PHASE_ORDER: readonly ExecutionPhase[] = ["AUTHN", "AUTHZ", "STATS", "UNSPECIFIED"];

/** Reads a resource as istiod holds it. */
export function toExtension(source: ExtensionResource, namespace: string, version: IstioVersion): Extension {
  const te = source.kind === "WasmPlugin" ? toTrafficExtension(source) : source;
  const internalName = source.kind === "WasmPlugin" && !hasTrafficExtension(version) ? source.metadata.name : te.metadata.name;
  return { source, kind: source.kind, namespace, name: source.metadata.name, internalName, spec: te.spec, ...extensionNames(source.kind, namespace, source.metadata.name, version) };
}

export function describeExtension(extension: Extension): string {
  return `${extension.kind} ${extension.namespace}/${extension.name}`;
}

/**
 * Which extensions reach a listener of this proxy, and why the others do
 * not, following istiod (PushContext.TrafficExtensionsByListenerInfo):
 * namespace (own, root, a waypoint's services'), selector or targetRefs
 * (WorkloadPolicyMatcher.ShouldAttachPolicy), the chain type (HTTP or
 * NETWORK), then `match[]`: traffic direction and port.
 */
export function selectExtensions(extensions: readonly Extension[], workload: ProxyWorkload, chain: "HTTP" | "NETWORK"): { selected: Extension[]; skipped: SkippedExtension[] } {
  const selected: Extension[] = [];
  const skipped: SkippedExtension[] = [];
  for (const extension of extensions) {
    if (chainTypeOf(extension) !== chain) continue;
    const reason = whyNotAttached(extension, workload) ?? whyNotMatched(extension.spec.match, workload);
    if (reason) skipped.push({ extension: describeExtension(extension), reason });
    else selected.push(extension);
  }
  return { selected, skipped };
}

/** A Lua extension is an HTTP filter; a Wasm one by its `type` (unspecified is HTTP). */
export function chainTypeOf(extension: Extension): "HTTP" | "NETWORK" {
  return extension.spec.wasm?.type === "NETWORK" ? "NETWORK" : "HTTP";
}

const GATEWAY_API_GROUP = "gateway.networking.k8s.io";
const WAYPOINT_GATEWAY_CLASS = "istio-waypoint";

function whyNotAttached(extension: Extension, workload: ProxyWorkload): string | undefined {
  const root = workload.rootNamespace ?? "istio-system";
  const namespaces = [workload.namespace, root, ...(workload.services ?? []).map((service) => service.namespace)];
  if (workload.namespace !== undefined && !namespaces.includes(extension.namespace)) {
    return `it is in namespace "${extension.namespace}"; this proxy takes extensions from "${workload.namespace}" and "${root}"`;
  }
  const targetRefs = extension.spec.targetRefs ?? [];
  const kind = workload.kind ?? "sidecar";
  // istiod tells Gateway API proxies (gateways and waypoints) by their gateway-name label.
  const gatewayApi = kind === "waypoint" || (kind === "gateway" && workload.gatewayName !== undefined);
  if (!gatewayApi) {
    if (targetRefs.length > 0) return "it uses targetRefs, which attach to Gateway API gateways and waypoints; this proxy is selected by labels";
    return whySelectorMisses(extension, workload);
  }
  if (targetRefs.length === 0) {
    // istiod: waypoints never use selectors; gateways do (ENABLE_SELECTOR_BASED_K8S_GATEWAY_POLICY, on by default).
    if (kind === "waypoint") return "a waypoint takes only extensions whose targetRefs name it, its GatewayClass or its services";
    return whySelectorMisses(extension, workload);
  }
  if (targetRefs.some((ref) => targetRefAttaches(ref, extension, workload, root))) return undefined;
  return `none of its targetRefs (${targetRefs.map((ref) => `${ref.kind}/${ref.name}`).join(", ")}) names this ${kind}`;
}

function targetRefAttaches(ref: PolicyTargetReference, extension: Extension, workload: ProxyWorkload, root: string): boolean {
  const group = canonicalGroup(ref.group);
  if (workload.kind === "waypoint") {
    const serviceKind = group === "core" && ref.kind === "Service" ? "Service" : group === "networking.istio.io" && ref.kind === "ServiceEntry" ? "ServiceEntry" : undefined;
    if (serviceKind && (workload.services ?? []).some((s) => s.name === ref.name && s.namespace === extension.namespace && (s.kind ?? "Service") === serviceKind)) return true;
    if (extension.namespace === root && group === GATEWAY_API_GROUP && ref.kind === "GatewayClass" && ref.name === WAYPOINT_GATEWAY_CLASS) return true;
  }
  if (workload.namespace !== undefined && extension.namespace !== workload.namespace) return false;
  if (ref.namespace && ref.namespace !== workload.namespace) return false;
  return group === GATEWAY_API_GROUP && ref.kind === "Gateway" && ref.name === workload.gatewayName;
}

/** istiod's config.CanonicalGroup: the core group is written "" and compared as "core". */
function canonicalGroup(group: string | undefined): string {
  return group ? group : "core";
}

function whySelectorMisses(extension: Extension, workload: ProxyWorkload): string | undefined {
  if (!workload.labels) return undefined;
  const wanted = extension.spec.selector?.matchLabels ?? {};
  const missing = Object.entries(wanted).find(([key, value]) => workload.labels![key] !== value);
  return missing ? `its selector wants ${missing[0]}=${missing[1]}, which the proxy's labels do not have` : undefined;
}

/** The traffic direction istiod gives a listener (workloadModeForListenerClass). */
function listenerMode(workload: ProxyWorkload): WorkloadMode | undefined {
  const kind = workload.kind ?? "sidecar";
  if (kind === "gateway") return "CLIENT";
  if (kind === "waypoint") return "SERVER";
  if (workload.traffic === "inbound") return "SERVER";
  if (workload.traffic === "outbound") return "CLIENT";
  return undefined;
}

/** istiod's matchTrafficExtensionSelectors: any entry whose mode and ports both match. */
function whyNotMatched(match: readonly TrafficSelector[] | undefined, workload: ProxyWorkload): string | undefined {
  const mode = listenerMode(workload);
  const port = workload.kind === "waypoint" ? 0 : (workload.port ?? 0);
  if (!match?.length || (mode === undefined && port === 0)) return undefined;
  const modeMatches = (wanted: WorkloadMode | undefined) => wanted === undefined || wanted === "UNDEFINED" || wanted === "CLIENT_AND_SERVER" || wanted === (mode ?? "CLIENT");
  const portMatches = (ports: readonly { number: number }[] | undefined) => !ports?.length || ports.some((candidate) => candidate.number !== 0 && candidate.number === port);
  if (match.some((entry) => modeMatches(entry.mode) && portMatches(entry.ports))) return undefined;
  return `none of its match[] entries selects ${mode ?? "CLIENT"} traffic on port ${port}`;
}

/**
 * istiod's order: extensions by creation time, then (internal) name, then
 * namespace; then, per phase, a stable sort by priority, highest first (no
 * priority counts as the lowest int32). Documents without
 * creationTimestamp tie on it.
 */
export function orderByPhaseAndPriority(selected: readonly Extension[]): Extension[] {
  const byCreation = [...selected].sort(
    (a, b) =>
      compare(a.source.metadata.creationTimestamp ?? "", b.source.metadata.creationTimestamp ?? "") || compare(a.internalName, b.internalName) || compare(a.namespace, b.namespace),
  );
  return PHASE_ORDER.flatMap((phase) => byCreation.filter((extension) => phaseOf(extension) === phase).sort((a, b) => priorityOf(b) - priorityOf(a)));
}

export function phaseOf(extension: Extension): ExecutionPhase {
  return extension.spec.phase ?? "UNSPECIFIED";
}

function priorityOf(extension: Extension): number {
  return extension.spec.priority ?? -(2 ** 31);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
