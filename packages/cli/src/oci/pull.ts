import { CliError } from "../errors.ts";
import { isDigest, type Digest } from "./digest.ts";
import { extractModule, type Descriptor, type ImageManifest } from "./extract.ts";
import type { ImageFormat } from "./image.ts";
import { DOCKER_MANIFEST_LIST, MANIFEST_ACCEPT, OCI_INDEX } from "./media-types.ts";
import { formatReference, manifestIdentifier, parseReference, type ImageReference } from "./reference.ts";
import { RegistryClient, type RegistryClientOptions } from "./registry-client.ts";
import { assertWasmModule } from "./wasm-module.ts";

export type PullOptions = Omit<RegistryClientOptions, "registry">;

export interface PullResult {
  readonly reference: ImageReference;
  /** What Istio compares a WasmPlugin's `sha256` with. */
  readonly manifestDigest: Digest;
  readonly manifestMediaType: string;
  readonly variant: ImageFormat;
  /** The layer the module came from. */
  readonly layer: Descriptor;
  readonly module: Uint8Array;
}

/**
 * Fetches an image the way Istio's agent does and returns its Wasm module:
 * manifest by tag or digest (OCI or Docker), every blob checked against its
 * digest and size, the variant told by Istio's rules and order.
 */
export async function pullModule(source: string | ImageReference, options: PullOptions = {}): Promise<PullResult> {
  const reference = typeof source === "string" ? parseReference(source) : source;
  const log = options.log ?? (() => {});
  const client = new RegistryClient({ ...options, registry: reference.registry, log });
  const identifier = manifestIdentifier(reference);
  const name = formatReference(reference);

  log(`fetching manifest ${identifier} from ${client.baseUrl}/v2/${reference.repository}`);
  const fetched = await client.getManifest(reference.repository, identifier, MANIFEST_ACCEPT);
  const manifest = parseManifest(fetched.bytes, name);
  const mediaType = manifest.mediaType ?? fetched.mediaType;
  if (mediaType === OCI_INDEX || mediaType === DOCKER_MANIFEST_LIST) {
    throw new CliError("E_OCI_INDEX", `"${name}" is an image index (${mediaType}), not a Wasm image: pull one of its manifests by digest`);
  }

  const blobs = new Map<string, Uint8Array>();
  for (const descriptor of [manifest.config, ...(manifest.layers ?? [])]) {
    if (!descriptor || blobs.has(descriptor.digest)) continue;
    blobs.set(descriptor.digest, await fetchVerified(client, reference.repository, descriptor));
    log(`  blob ${descriptor.digest} (${descriptor.mediaType}, ${descriptor.size} bytes): verified`);
  }
  const extracted = await extractModule(manifest, (digest) => blobs.get(digest) ?? new Uint8Array());
  assertWasmModule(extracted.module, `the ${extracted.variant} image "${name}"`);
  return { reference, manifestDigest: fetched.digest, manifestMediaType: mediaType, ...extracted };
}

function parseManifest(bytes: Uint8Array, name: string): ImageManifest & { manifests?: unknown } {
  let manifest: ImageManifest;
  try {
    manifest = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    throw new CliError("E_OCI_MANIFEST", `the manifest of "${name}" is not JSON`);
  }
  if (manifest.schemaVersion !== 2) {
    throw new CliError("E_OCI_MANIFEST", `the manifest of "${name}" has schemaVersion ${manifest.schemaVersion}; only schema 2 (OCI or Docker v2) images can hold a Wasm module`);
  }
  const bad = [manifest.config, ...(manifest.layers ?? [])].find((d) => d !== undefined && (!isDigest(d.digest) || typeof d.size !== "number"));
  if (bad) throw new CliError("E_OCI_MANIFEST", `the manifest of "${name}" has a descriptor without a sha256 digest or size: ${JSON.stringify(bad)}`);
  return manifest;
}

async function fetchVerified(client: RegistryClient, repository: string, descriptor: Descriptor): Promise<Uint8Array> {
  const bytes = await client.getBlob(repository, descriptor.digest as Digest);
  if (bytes.length !== descriptor.size) {
    throw new CliError("E_OCI_SIZE_MISMATCH", `blob ${descriptor.digest} is ${bytes.length} bytes but the manifest says ${descriptor.size}`);
  }
  return bytes;
}
