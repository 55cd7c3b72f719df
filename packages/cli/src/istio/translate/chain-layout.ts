import type { ExecutionPhase } from "../extension-resources.ts";
import { PHASE_ORDER, phaseOf, describeExtension, type Extension } from "./selection.ts";

/** One slot of an HTTP chain: an extension, or one of Istio's own filters. */
export type ChainSlot =
  | { readonly kind: "extension"; readonly filterName: string; readonly extension: string; readonly phase: ExecutionPhase }
  | { readonly kind: "istio"; readonly filterName: string; readonly present: string };

/** Istio's own filters around the extension phases of a sidecar's inbound HTTP chain (listener_builder.go). */
const ISTIO_FILTERS_BEFORE: Record<ExecutionPhase | "START" | "END", readonly { filterName: string; present: string }[]> = {
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
  UNSPECIFIED: [],
  END: [
    { filterName: "envoy.filters.http.grpc_stats", present: "always" },
    { filterName: "envoy.filters.http.fault", present: "always" },
    { filterName: "envoy.filters.http.cors", present: "always" },
    { filterName: "istio.stats", present: "when telemetry is on (default)" },
    { filterName: "envoy.filters.http.router", present: "always, last" },
  ],
};

/** The whole HTTP chain in order, Istio's filters as markers, so a reader sees where each extension lands. */
export function chainLayout(ordered: readonly Extension[]): ChainSlot[] {
  const istio = (key: keyof typeof ISTIO_FILTERS_BEFORE): ChainSlot[] => ISTIO_FILTERS_BEFORE[key].map((filter) => ({ kind: "istio", ...filter }));
  const extensions = (phase: ExecutionPhase): ChainSlot[] =>
    ordered.filter((extension) => phaseOf(extension) === phase).map((extension) => ({ kind: "extension", filterName: extension.filterName, extension: describeExtension(extension), phase }));
  return [...istio("START"), ...PHASE_ORDER.flatMap((phase) => [...istio(phase), ...extensions(phase)]), ...istio("END")];
}
