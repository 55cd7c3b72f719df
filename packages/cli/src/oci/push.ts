import { CliError } from "../errors.ts";
import { digestHex, type Digest } from "./digest.ts";
import { buildImage, uniqueBlobs, type ImageFormat } from "./image.ts";
import { formatReference, parseReference, pinnedReference, type ImageReference } from "./reference.ts";
import { RegistryClient, type RegistryClientOptions } from "./registry-client.ts";
import { assertWasmModule } from "./wasm-module.ts";

export interface PushOptions extends Omit<RegistryClientOptions, "registry"> {
  /** Which of Istio's three image layouts to build. @default "compat" */
  readonly format?: ImageFormat;
}

export interface PushResult {
  readonly reference: ImageReference;
  readonly format: ImageFormat;
  /** The manifest digest: a WasmPlugin's `sha256` is its hex part. */
  readonly manifestDigest: Digest;
  /** `oci://host/repo:tag`, for a WasmPlugin `url`. */
  readonly url: string;
  /** `oci://host/repo@sha256:...`, the form that cannot move. */
  readonly pinnedUrl: string;
  /** The blobs sent, and those the registry already had. */
  readonly uploaded: readonly Digest[];
  readonly skipped: readonly Digest[];
}

/**
 * Builds the image of `module` and pushes it per the OCI distribution spec:
 * each blob unless the registry has it, then the manifest under the tag.
 */
export async function pushModule(module: Uint8Array, target: string | ImageReference, options: PushOptions = {}): Promise<PushResult> {
  const reference = typeof target === "string" ? parseReference(target) : target;
  if (reference.tag === undefined || reference.digest !== undefined) {
    throw new CliError("E_OCI_REFERENCE", `cannot push to "${formatReference(reference)}": push to a tag (host/repository:tag); the digest is what the push gives back`, 2);
  }
  assertWasmModule(module, "the file to push");
  const format = options.format ?? "compat";
  const log = options.log ?? (() => {});
  const image = await buildImage(module, format);
  const client = new RegistryClient({ ...options, registry: reference.registry, log });
  const { repository } = reference;

  log(`pushing a ${module.length}-byte module, ${format} variant, to ${client.baseUrl}/v2/${repository} (tag ${reference.tag})`);
  const uploaded: Digest[] = [];
  const skipped: Digest[] = [];
  for (const blob of uniqueBlobs(image)) {
    const label = `blob ${blob.digest} (${blob.mediaType}, ${blob.size} bytes)`;
    if (await client.blobExists(repository, blob.digest)) {
      log(`  ${label}: already in the registry, skipped`);
      skipped.push(blob.digest);
    } else {
      await client.uploadBlob(repository, blob);
      log(`  ${label}: uploaded`);
      uploaded.push(blob.digest);
    }
  }
  const registryDigest = await client.putManifest(repository, reference.tag, image.manifest.mediaType, image.manifest.bytes);
  if (registryDigest !== image.manifest.digest) {
    throw new CliError("E_OCI_DIGEST_MISMATCH", `the registry stored the manifest as ${registryDigest}, but its bytes hash to ${image.manifest.digest}`);
  }
  log(`  manifest ${image.manifest.digest} (${image.manifest.mediaType}): tagged ${reference.tag}`);

  return {
    reference,
    format,
    manifestDigest: image.manifest.digest,
    url: `oci://${formatReference(reference)}`,
    pinnedUrl: `oci://${pinnedReference(reference, image.manifest.digest)}`,
    uploaded,
    skipped,
  };
}

/** The lines that tell a user what to put into a WasmPlugin. */
export function describePush(result: PushResult): string[] {
  return [
    `digest: ${result.manifestDigest}`,
    `url: ${result.url}`,
    `pinned: ${result.pinnedUrl}`,
    `WasmPlugin: url: ${result.url}  sha256: ${digestHex(result.manifestDigest)}`,
  ];
}
