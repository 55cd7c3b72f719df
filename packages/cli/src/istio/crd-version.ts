/**
 * The one pinned copy of Istio's WasmPlugin schema this CLI validates against.
 *
 * The CRD is not committed: `provisionWasmPluginCrd` takes it from the Go
 * module `istio.io/api` at this version (the Go module proxy serves it, and
 * Go's checksum database vouches for the module zip), extracts the
 * `wasmplugins.extensions.istio.io` document from
 * `kubernetes/customresourcedefinitions.gen.yaml`, and refuses it unless its
 * SHA-256 equals the one below. Moving to another Istio release means changing
 * both constants together (run the provisioning with the new version and a
 * wrong digest: the error prints the digest it found).
 */

/** The Go module that carries Istio's CRDs. */
export const ISTIO_API_MODULE = "istio.io/api";

/** The `istio.io/api` tag pinned here; it matches the Istio release of the same number. */
export const ISTIO_API_VERSION = "v1.31.4";

/** The Istio release this schema belongs to (the translation defaults to it too). */
export const PINNED_ISTIO_VERSION = "1.31.4";

/** The file inside the module that holds every Istio CRD. */
export const CRD_BUNDLE_PATH = "kubernetes/customresourcedefinitions.gen.yaml";

/** The CRD resource we extract from the bundle. */
export const WASMPLUGIN_CRD_NAME = "wasmplugins.extensions.istio.io";

/** SHA-256 (hex) of the extracted WasmPlugin CRD document, as written to the cache. */
export const WASMPLUGIN_CRD_SHA256 = "3a8dbf828ddaf3c09215c7075cb22f163ae91bab02b4188ab7953573b4b13ee2";
