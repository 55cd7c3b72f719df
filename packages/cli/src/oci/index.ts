// The OCI publishing library: build Istio-loadable Wasm images, push and pull them.
export { pushCommand, pullCommand, PUSH_USAGE, PULL_USAGE, PUSH_SUMMARY, PULL_SUMMARY, type CommandIo, type CommandContext } from "./commands.ts";
export { pushModule, describePush, type PushOptions, type PushResult } from "./push.ts";
export { pullModule, type PullOptions, type PullResult } from "./pull.ts";
export { buildImage, uniqueBlobs, IMAGE_FORMATS, type ImageFormat, type WasmImage, type Blob } from "./image.ts";
export { extractModule, type ExtractedModule, type ImageManifest, type Descriptor, type BlobSource } from "./extract.ts";
export {
  parseReference,
  formatReference,
  pinnedReference,
  manifestIdentifier,
  isLoopbackRegistry,
  type ImageReference,
} from "./reference.ts";
export { RegistryClient, type RegistryClientOptions, type FetchedManifest } from "./registry-client.ts";
export { RegistryAuth, parseChallenge, type Challenge } from "./auth.ts";
export { findCredentials, dockerConfigPath, type Credentials } from "./docker-config.ts";
export { withRetry, TransientError, DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry.ts";
export { createTar, readTar, type TarFile, type TarEntry } from "./tar.ts";
export { sha256Digest, digestHex, isDigest, type Digest } from "./digest.ts";
export { hasWasmHeader, proxyAbiVersions } from "./wasm-module.ts";
export {
  OCI_MANIFEST,
  DOCKER_MANIFEST,
  OCI_LAYER_TAR_GZIP,
  DOCKER_LAYER_TAR_GZIP,
  WASM_CONTENT_LAYER,
  WASM_CONFIG,
  PLUGIN_FILE_NAME,
} from "./media-types.ts";
