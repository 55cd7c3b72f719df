import { createHash } from "node:crypto";

/** A content digest in the OCI form `sha256:<64 hex>`. */
export type Digest = `sha256:${string}`;

const DIGEST_PATTERN = /^sha256:[a-f0-9]{64}$/;

/** The OCI digest of `bytes`. */
export function sha256Digest(bytes: Uint8Array): Digest {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

export function isDigest(text: string): text is Digest {
  return DIGEST_PATTERN.test(text);
}

/** The 64 hex characters of a digest: what a WasmPlugin's `sha256` field holds. */
export function digestHex(digest: Digest): string {
  return digest.slice("sha256:".length);
}
