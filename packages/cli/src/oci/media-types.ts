/**
 * The media types of the three Wasm image variants Istio's fetcher
 * (`pkg/wasm/imagefetcher.go`) understands, and of the manifests around them.
 */

/** OCI image manifest (image-spec v1). */
export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
/** Docker image manifest v2, schema 2. */
export const DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

/** Index types: a pull that meets one can say what it met instead of failing obscurely. */
export const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
export const DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

export const OCI_IMAGE_CONFIG = "application/vnd.oci.image.config.v1+json";
export const DOCKER_IMAGE_CONFIG = "application/vnd.docker.container.image.v1+json";

/** The "compat" variant's only layer: a gzipped tar holding `plugin.wasm`. */
export const OCI_LAYER_TAR_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
/** An uncompressed tar layer: Istio rejects it in the compat variant. */
export const OCI_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
/** The Docker variant's layer: a gzipped tar holding `plugin.wasm`. */
export const DOCKER_LAYER_TAR_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";

/** The "oci" variant (solo-io Wasm artifact spec): the raw module... */
export const WASM_CONTENT_LAYER = "application/vnd.module.wasm.content.layer.v1+wasm";
/** ...and its runtime configuration, as the manifest config and as a layer. */
export const WASM_CONFIG = "application/vnd.module.wasm.config.v1+json";

/** The file name Istio looks for inside a compat or Docker layer. */
export const PLUGIN_FILE_NAME = "plugin.wasm";

/** The annotation the compat spec asks an OCI compat image to carry. */
export const VARIANT_ANNOTATION = "module.wasm.image/variant";

/** What a pull accepts: both manifest types, so a Docker-variant image is not converted on the way. */
export const MANIFEST_ACCEPT = [OCI_MANIFEST, DOCKER_MANIFEST, OCI_INDEX, DOCKER_MANIFEST_LIST].join(", ");
