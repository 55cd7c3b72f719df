import { gzipSync } from "node:zlib";
import { sha256Digest, type Digest } from "./digest.ts";
import {
  DOCKER_IMAGE_CONFIG,
  DOCKER_LAYER_TAR_GZIP,
  DOCKER_MANIFEST,
  OCI_IMAGE_CONFIG,
  OCI_LAYER_TAR_GZIP,
  OCI_MANIFEST,
  PLUGIN_FILE_NAME,
  VARIANT_ANNOTATION,
  WASM_CONFIG,
  WASM_CONTENT_LAYER,
} from "./media-types.ts";
import { createTar } from "./tar.ts";
import { proxyAbiVersions } from "./wasm-module.ts";

/**
 * The three image layouts Istio's fetcher can unpack:
 * - `compat`: OCI manifest, one `tar+gzip` layer holding `plugin.wasm` (the default: any OCI tool handles it);
 * - `docker`: Docker schema 2 manifest, one `rootfs.diff.tar.gzip` layer holding `plugin.wasm`;
 * - `oci`: OCI manifest, exactly two layers: the Wasm runtime config and the raw module.
 */
export type ImageFormat = "compat" | "docker" | "oci";
export const IMAGE_FORMATS: readonly ImageFormat[] = ["compat", "docker", "oci"];

/** Bytes with the descriptor that names them in a manifest. */
export interface Blob {
  readonly mediaType: string;
  readonly digest: Digest;
  readonly size: number;
  readonly bytes: Uint8Array;
}

export interface WasmImage {
  readonly format: ImageFormat;
  /** The manifest: its digest is what a WasmPlugin's `sha256` pins. */
  readonly manifest: Blob;
  readonly config: Blob;
  readonly layers: readonly Blob[];
}

/** Every blob to upload before the manifest, without duplicates (the oci variant uses its config twice). */
export function uniqueBlobs(image: WasmImage): Blob[] {
  const byDigest = new Map<string, Blob>();
  for (const blob of [image.config, ...image.layers]) byDigest.set(blob.digest, blob);
  return [...byDigest.values()];
}

/** The image of `module` in `format`. The same module always gives the same digests. */
export async function buildImage(module: Uint8Array, format: ImageFormat): Promise<WasmImage> {
  switch (format) {
    case "compat":
      return tarImage(module, format, OCI_MANIFEST, OCI_IMAGE_CONFIG, OCI_LAYER_TAR_GZIP);
    case "docker":
      return tarImage(module, format, DOCKER_MANIFEST, DOCKER_IMAGE_CONFIG, DOCKER_LAYER_TAR_GZIP);
    case "oci":
      return artifactImage(module);
  }
}

async function tarImage(module: Uint8Array, format: ImageFormat, manifestType: string, configType: string, layerType: string): Promise<WasmImage> {
  const tar = await createTar([{ name: PLUGIN_FILE_NAME, bytes: module }]);
  const layer = blob(layerType, gzip(tar));
  // A scratch image's config: the platform Go and Docker use for Wasm, and the diff ID of the one layer.
  const config = blob(
    configType,
    json({
      architecture: "wasm",
      os: "wasip1",
      config: {},
      rootfs: { type: "layers", diff_ids: [sha256Digest(tar)] },
    }),
  );
  // The compat spec asks OCI compat images to say so; Docker manifests have no annotations.
  const annotations = format === "compat" ? { [VARIANT_ANNOTATION]: "compat" } : undefined;
  const manifest = json({
    schemaVersion: 2,
    mediaType: manifestType,
    config: descriptor(config),
    layers: [descriptor(layer)],
    ...(annotations ? { annotations } : {}),
  });
  return { format, manifest: blob(manifestType, manifest), config, layers: [layer] };
}

function artifactImage(module: Uint8Array): WasmImage {
  const abiVersions = proxyAbiVersions(module);
  const runtimeConfig = blob(
    WASM_CONFIG,
    json({ type: "envoy_proxy", ...(abiVersions.length > 0 ? { abiVersions } : {}), config: {} }),
  );
  const content = blob(WASM_CONTENT_LAYER, module);
  const manifest = json({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: descriptor(runtimeConfig),
    // Config layer first, then the module, as in the spec's example; Istio needs exactly these two.
    layers: [descriptor(runtimeConfig, "runtime-config.json"), descriptor(content, PLUGIN_FILE_NAME)],
  });
  return { format: "oci", manifest: blob(OCI_MANIFEST, manifest), config: runtimeConfig, layers: [runtimeConfig, content] };
}

function blob(mediaType: string, bytes: Uint8Array): Blob {
  return { mediaType, digest: sha256Digest(bytes), size: bytes.length, bytes };
}

function descriptor(item: Blob, title?: string): object {
  const base = { mediaType: item.mediaType, digest: item.digest, size: item.size };
  return title ? { ...base, annotations: { "org.opencontainers.image.title": title } } : base;
}

/** Fixed level; Node writes mtime 0 into the gzip header, so the output depends only on the input. */
function gzip(bytes: Uint8Array): Uint8Array {
  return gzipSync(bytes, { level: 9 });
}

function json(value: object): Uint8Array {
  return Buffer.from(JSON.stringify(value), "utf8");
}
