/**
 * The Istio release this CLI follows, as data: one place to change when
 * moving to another Istio.
 *
 * - `api`: the Go module `istio.io/api`, which carries Istio's CRDs
 *   (`kubernetes/customresourcedefinitions.gen.yaml`). The bundle is not
 *   committed: `provisionIstioCrds` fetches the module with `go mod
 *   download` (Go's checksum database vouches for the zip) and refuses the
 *   bundle unless its SHA-256 is the one below.
 * - `istiod`: the Go module `istio.io/istio` whose pilot code the
 *   translation is checked against (tools/istiod-translate pins the same
 *   version in its go.mod; a test keeps the two in step). Istio tags its
 *   releases without Go's `v` prefix, so the Go module proxy serves that
 *   module only as pseudo-versions of commits; the newest it serves is
 *   master of 2026-08-27, between the 1.31 and 1.32 releases. Its
 *   `istio.io/api` dependency has the same WasmPlugin and TrafficExtension
 *   CRDs as v1.32.0 (compared when this was pinned).
 *
 * To move: change `version` and `api.version`, run the provisioning (the
 * checksum error prints the new digest to pin), then `npm run
 * istio:goldens` after bumping tools/istiod-translate/go.mod.
 */
export const ISTIO_RELEASE = {
  version: "1.32.0",
  api: {
    module: "istio.io/api",
    version: "v1.32.0",
    crdBundle: "kubernetes/customresourcedefinitions.gen.yaml",
    crdBundleSha256: "c65d3908ee5eefea7cb5f3baad2622455fd7b483e920ee428500b44da73f2601",
  },
  istiod: {
    module: "istio.io/istio",
    version: "v0.0.0-20260827124520-eed52ebb66ad",
  },
} as const;

/** The Go module that carries Istio's CRDs. */
export const ISTIO_API_MODULE = ISTIO_RELEASE.api.module;

/** The `istio.io/api` tag pinned here; it matches the Istio release of the same number. */
export const ISTIO_API_VERSION = ISTIO_RELEASE.api.version;

/** The Istio release whose CRDs validate documents and whose translation is emulated by default. */
export const PINNED_ISTIO_VERSION = ISTIO_RELEASE.version;

/** The CRDs of the two resources that deploy a Wasm module, by kind. */
export const EXTENSION_CRDS = {
  WasmPlugin: "wasmplugins.extensions.istio.io",
  TrafficExtension: "trafficextensions.extensions.istio.io",
} as const;

/** The first Istio release that serves TrafficExtension (and translates WasmPlugins into it). */
export const TRAFFIC_EXTENSION_SINCE = "1.30";
