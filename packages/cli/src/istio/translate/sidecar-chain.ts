import type { PluginPhase, WasmPlugin } from "../wasm-plugin.ts";
import { wasmPluginNames, type IstioVersion } from "./istio-version.ts";

/** The workload whose inbound sidecar listener is emulated. */
export interface SidecarWorkload {
  /** Pod labels, matched against `selector.matchLabels`. Omitted: every selector matches. */
  readonly labels?: Readonly<Record<string, string>>;
  /** The workload's namespace: plugins from it and from the root namespace apply. Omitted: every namespace. */
  readonly namespace?: string;
  /** The inbound port, matched against `match[].ports`. Omitted: every port matches. */
  readonly port?: number;
  /** Istio's root namespace, whose plugins apply mesh-wide. @default "istio-system" */
  readonly rootNamespace?: string;
}

export interface SelectedPlugin {
  readonly plugin: WasmPlugin;
  readonly namespace: string;
  readonly phase: PluginPhase;
}

export interface SkippedPlugin {
  readonly plugin: string;
  readonly reason: string;
}

/** The phases in the order istiod appends them to an inbound HTTP chain (listener_builder.go). */
export const PHASE_ORDER: readonly PluginPhase[] = ["AUTHN", "AUTHZ", "STATS", "UNSPECIFIED_PHASE"];

/**
 * Which plugins reach a sidecar's inbound listener, and why the others do not,
 * following istiod's matching: namespace (own or root), selector labels,
 * targetRef(s) (they attach to Gateways and waypoints, never to a sidecar),
 * traffic direction (inbound is SERVER) and port.
 */
export function selectForSidecarInbound(plugins: readonly { plugin: WasmPlugin; namespace: string }[], workload: SidecarWorkload): { selected: SelectedPlugin[]; skipped: SkippedPlugin[] } {
  const selected: SelectedPlugin[] = [];
  const skipped: SkippedPlugin[] = [];
  for (const { plugin, namespace } of plugins) {
    const reason = whyNotApplied(plugin, namespace, workload);
    if (reason) skipped.push({ plugin: `${namespace}/${plugin.metadata.name}`, reason });
    else selected.push({ plugin, namespace, phase: plugin.spec.phase ?? "UNSPECIFIED_PHASE" });
  }
  return { selected, skipped };
}

function whyNotApplied(plugin: WasmPlugin, namespace: string, workload: SidecarWorkload): string | undefined {
  const spec = plugin.spec;
  const root = workload.rootNamespace ?? "istio-system";
  if (workload.namespace !== undefined && namespace !== workload.namespace && namespace !== root) {
    return `it is in namespace "${namespace}"; a sidecar in "${workload.namespace}" takes plugins from its own namespace and from "${root}"`;
  }
  if (spec.targetRef || spec.targetRefs?.length) return "it uses targetRef(s), which attach to Gateways and waypoints, not to sidecars";
  const wanted = spec.selector?.matchLabels ?? {};
  if (workload.labels) {
    const missing = Object.entries(wanted).find(([key, value]) => workload.labels![key] !== value);
    if (missing) return `its selector wants ${missing[0]}=${missing[1]}, which the workload's labels do not have`;
  }
  const matches = spec.match ?? [];
  if (matches.length > 0 && !matches.some((match) => modeMatchesInbound(match.mode) && portMatches(match.ports, workload.port))) {
    return "none of its match[] entries selects inbound (SERVER) traffic on this port";
  }
  return undefined;
}

function modeMatchesInbound(mode: string | undefined): boolean {
  return mode === undefined || mode === "UNDEFINED" || mode === "CLIENT_AND_SERVER" || mode === "SERVER";
}

function portMatches(ports: readonly { number: number }[] | undefined, port: number | undefined): boolean {
  return !ports?.length || port === undefined || ports.some((candidate) => candidate.number === port);
}

/**
 * istiod's order: resources by creation time, then name, then namespace;
 * then, per phase, a stable sort by priority, highest first (no priority
 * counts as the lowest int32). Documents without creationTimestamp tie on it.
 */
export function orderByPhaseAndPriority(selected: readonly SelectedPlugin[]): SelectedPlugin[] {
  const byCreation = [...selected].sort(
    (a, b) =>
      compare(a.plugin.metadata.creationTimestamp ?? "", b.plugin.metadata.creationTimestamp ?? "") ||
      compare(a.plugin.metadata.name, b.plugin.metadata.name) ||
      compare(a.namespace, b.namespace),
  );
  return PHASE_ORDER.flatMap((phase) => byCreation.filter((entry) => entry.phase === phase).sort((a, b) => priorityOf(b) - priorityOf(a)));
}

function priorityOf(entry: SelectedPlugin): number {
  return entry.plugin.spec.priority ?? -(2 ** 31);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One slot of the inbound HTTP chain: a plugin, or one of Istio's own filters. */
export type ChainSlot =
  | { readonly kind: "wasm-plugin"; readonly filterName: string; readonly plugin: string; readonly phase: PluginPhase }
  | { readonly kind: "istio"; readonly filterName: string; readonly present: string };

/** Istio's own filters around the plugin phases on a sidecar inbound HTTP chain. */
const ISTIO_FILTERS_BEFORE: Record<PluginPhase | "START" | "END", readonly { filterName: string; present: string }[]> = {
  START: [
    { filterName: "istio.metadata_exchange", present: "always (metadata exchange on)" },
    { filterName: "envoy.filters.http.ext_authz", present: "when a CUSTOM AuthorizationPolicy selects the workload" },
  ],
  AUTHN: [],
  AUTHZ: [
    { filterName: "envoy.filters.http.jwt_authn", present: "when a RequestAuthentication selects the workload (keeps the verified payload in dynamic metadata)" },
    { filterName: "istio_authn", present: "when authentication policy (PeerAuthentication or RequestAuthentication) applies" },
  ],
  STATS: [{ filterName: "envoy.filters.http.rbac", present: "when an ALLOW/DENY/AUDIT AuthorizationPolicy selects the workload" }],
  UNSPECIFIED_PHASE: [],
  END: [
    { filterName: "envoy.filters.http.grpc_stats", present: "always" },
    { filterName: "envoy.filters.http.fault", present: "always" },
    { filterName: "envoy.filters.http.cors", present: "always" },
    { filterName: "istio.stats", present: "when telemetry is on (default)" },
    { filterName: "envoy.filters.http.router", present: "always, last" },
  ],
};

/** The whole inbound chain in order, Istio's filters as markers, so a reader sees where each plugin lands. */
export function chainLayout(ordered: readonly SelectedPlugin[], version: IstioVersion): ChainSlot[] {
  const istio = (key: keyof typeof ISTIO_FILTERS_BEFORE): ChainSlot[] => ISTIO_FILTERS_BEFORE[key].map((filter) => ({ kind: "istio", ...filter }));
  const plugins = (phase: PluginPhase): ChainSlot[] =>
    ordered
      .filter((entry) => entry.phase === phase)
      .map((entry) => ({
        kind: "wasm-plugin",
        filterName: wasmPluginNames(entry.namespace, entry.plugin.metadata.name, version).filterName,
        plugin: `${entry.namespace}/${entry.plugin.metadata.name}`,
        phase,
      }));
  return [...istio("START"), ...PHASE_ORDER.flatMap((phase) => [...istio(phase), ...plugins(phase)]), ...istio("END")];
}
