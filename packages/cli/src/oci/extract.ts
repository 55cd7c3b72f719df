import { gunzipSync } from "node:zlib";
import { CliError } from "../errors.ts";
import type { ImageFormat } from "./image.ts";
import { DOCKER_LAYER_TAR_GZIP, DOCKER_MANIFEST, OCI_LAYER_TAR_GZIP, PLUGIN_FILE_NAME, WASM_CONTENT_LAYER } from "./media-types.ts";
import { readTar } from "./tar.ts";

/** A manifest's reference to a blob. */
export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** The fields of an image manifest (OCI or Docker schema 2) that matter here. */
export interface ImageManifest {
  readonly schemaVersion?: number;
  readonly mediaType?: string;
  readonly config?: Descriptor;
  readonly layers?: readonly Descriptor[];
}

export interface ExtractedModule {
  readonly variant: ImageFormat;
  /** The layer the module came from. */
  readonly layer: Descriptor;
  readonly module: Uint8Array;
}

/** The bytes of a blob the manifest names, already fetched and verified. */
export type BlobSource = (digest: string) => Uint8Array;

/**
 * Finds the Wasm module in an image by the rules of Istio's fetcher
 * (`pkg/wasm/imagefetcher.go`), in its order: a Docker manifest is the
 * docker variant and nothing else; otherwise the compat variant is tried,
 * then the oci variant, and when both fail both reasons are reported.
 */
export async function extractModule(manifest: ImageManifest, blobs: BlobSource): Promise<ExtractedModule> {
  const layers = manifest.layers ?? [];
  if (manifest.mediaType === DOCKER_MANIFEST) {
    return attempt("docker", () => fromLastTarLayer(layers, DOCKER_LAYER_TAR_GZIP, blobs));
  }
  const failures: string[] = [];
  for (const [variant, extract] of [
    ["compat", () => fromLastTarLayer(layers, OCI_LAYER_TAR_GZIP, blobs)],
    ["oci", async () => fromArtifactLayers(layers, blobs)],
  ] as const) {
    try {
      return { variant, ...(await extract()) };
    } catch (error) {
      if (!(error instanceof VariantMismatch)) throw error;
      failures.push(`as the ${variant} variant: ${error.message}`);
    }
  }
  throw new CliError("E_OCI_NOT_A_WASM_IMAGE", `the image is in none of the formats Istio can load: ${failures.join("; ")}. Push it with "envoyscript push".`);
}

/** Why an image is not in one variant; the next variant may still fit. */
class VariantMismatch extends Error {}

async function attempt(variant: ImageFormat, extract: () => Promise<Omit<ExtractedModule, "variant">>): Promise<ExtractedModule> {
  try {
    return { variant, ...(await extract()) };
  } catch (error) {
    if (!(error instanceof VariantMismatch)) throw error;
    throw new CliError("E_OCI_NOT_A_WASM_IMAGE", `the image has a Docker manifest but is not the docker variant Istio can load: ${error.message}`);
  }
}

/** docker and compat: the LAST layer, of `mediaType`, a gzipped tar whose first entry named plugin.wasm is the module. */
async function fromLastTarLayer(layers: readonly Descriptor[], mediaType: string, blobs: BlobSource): Promise<Omit<ExtractedModule, "variant">> {
  const layer = layers.at(-1);
  if (!layer) throw new VariantMismatch("number of layers must be greater than zero");
  if (layer.mediaType !== mediaType) throw new VariantMismatch(`invalid media type ${layer.mediaType} of the last layer (expect ${mediaType})`);
  let tar: Uint8Array;
  try {
    tar = gunzipSync(blobs(layer.digest));
  } catch (error) {
    throw new VariantMismatch(`failed to parse layer ${layer.digest} as tar.gz: ${(error as Error).message}`);
  }
  // Walk as Istio does: the first entry whose base name is plugin.wasm wins, even if the archive breaks later.
  const seen: string[] = [];
  try {
    for await (const entry of readTar(tar)) {
      if (baseName(entry.name) === PLUGIN_FILE_NAME) return { layer, module: entry.bytes };
      seen.push(entry.name);
    }
  } catch (error) {
    throw new VariantMismatch((error as Error).message);
  }
  throw new VariantMismatch(`${PLUGIN_FILE_NAME} not found in layer ${layer.digest} (entries: ${seen.join(", ") || "none"})`);
}

/** oci: exactly two layers, one of them the raw module. */
function fromArtifactLayers(layers: readonly Descriptor[], blobs: BlobSource): Omit<ExtractedModule, "variant"> {
  if (layers.length !== 2) throw new VariantMismatch(`number of layers must be 2 but got ${layers.length}`);
  const layer = layers.find((candidate) => candidate.mediaType === WASM_CONTENT_LAYER);
  if (!layer) throw new VariantMismatch(`could not find the layer of type ${WASM_CONTENT_LAYER}`);
  return { layer, module: blobs(layer.digest) };
}

function baseName(name: string): string {
  return name.replace(/\/+$/, "").split("/").at(-1) ?? "";
}
