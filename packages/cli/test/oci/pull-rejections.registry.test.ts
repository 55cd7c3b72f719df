import { afterEach, describe, expect, it } from "vitest";
import { CliError } from "../../src/errors.ts";
import { sha256Digest } from "../../src/oci/digest.ts";
import { pullModule } from "../../src/oci/pull.ts";
import { pushModule } from "../../src/oci/push.ts";
import { RegistryClient } from "../../src/oci/registry-client.ts";
import { createTar } from "../../src/oci/tar.ts";
import { startProxy, type RunningProxy } from "./proxy-fixture.ts";
import { useRegistry } from "./registry-fixture.ts";
import { testModule } from "./wasm-fixture.ts";

const registry = useRegistry();
const module = testModule();
let proxy: RunningProxy | undefined;
afterEach(async () => {
  await proxy?.stop();
  proxy = undefined;
});

/** Pushes a hand-made OCI manifest over `layers` with the bare client: images our push would never build. */
async function pushRaw(tag: string, layers: { mediaType: string; bytes: Uint8Array }[]): Promise<string> {
  const client = new RegistryClient({ registry: registry().host });
  const config = Buffer.from("{}");
  const descriptors = [];
  for (const blob of [{ mediaType: "application/vnd.oci.image.config.v1+json", bytes: config }, ...layers]) {
    const digest = sha256Digest(blob.bytes);
    if (!(await client.blobExists("istio/rules", digest))) await client.uploadBlob("istio/rules", { digest, bytes: blob.bytes });
    descriptors.push({ mediaType: blob.mediaType, digest, size: blob.bytes.length });
  }
  const manifest = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json", config: descriptors[0], layers: descriptors.slice(1) }),
  );
  await client.putManifest("istio/rules", tag, "application/vnd.oci.image.manifest.v1+json", manifest);
  return `${registry().host}/istio/rules:${tag}`;
}

async function pullError(reference: string): Promise<CliError> {
  const error = await pullModule(reference).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

describe("pull refuses what Istio refuses, from a real registry", () => {
  it("an uncompressed tar layer", async () => {
    const reference = await pushRaw("uncompressed", [{ mediaType: "application/vnd.oci.image.layer.v1.tar", bytes: await createTar([{ name: "plugin.wasm", bytes: module }]) }]);
    const error = await pullError(reference);
    expect(error.code).toBe("E_OCI_NOT_A_WASM_IMAGE");
    expect(error.message).toContain("invalid media type application/vnd.oci.image.layer.v1.tar of the last layer");
    expect(error.message).toContain("number of layers must be 2 but got 1");
  });

  it("a single-layer Wasm artifact", async () => {
    const reference = await pushRaw("single", [{ mediaType: "application/vnd.module.wasm.content.layer.v1+wasm", bytes: module }]);
    expect((await pullError(reference)).message).toContain("number of layers must be 2 but got 1");
  });

  it("a well-formed oci image whose content is not Wasm", async () => {
    const reference = await pushRaw("not-wasm", [
      { mediaType: "application/vnd.module.wasm.config.v1+json", bytes: Buffer.from('{"type":"envoy_proxy"}') },
      { mediaType: "application/vnd.module.wasm.content.layer.v1+wasm", bytes: Buffer.from("#!/bin/sh\necho not wasm\n") },
    ]);
    const error = await pullError(reference);
    expect(error.code).toBe("E_OCI_NOT_WASM");
    expect(error.message).toContain("2321");
  });
});

describe("pull verifies digests", () => {
  it("refuses a blob whose bytes do not hash to its digest", async () => {
    const pushed = await pushModule(module, `${registry().host}/verify/hello:1`, { format: "oci" });
    const contentDigest = sha256Digest(module);
    proxy = await startProxy(registry().url, (request) =>
      request.method === "GET" && request.url.endsWith(`/blobs/${contentDigest}`) ? { status: 200, body: "tampered" } : "pass",
    );
    const error = await pullError(`${proxy.host}/verify/hello@${pushed.manifestDigest}`);
    expect(error.code).toBe("E_OCI_DIGEST_MISMATCH");
    expect(error.message).toContain(`should have digest ${contentDigest}`);
  });

  it("refuses a manifest that does not match the digest asked for", async () => {
    const pushed = await pushModule(module, `${registry().host}/verify/hello:2`, { format: "compat" });
    proxy = await startProxy(registry().url, (request) =>
      request.url.endsWith(`/manifests/${pushed.manifestDigest}`)
        ? { status: 200, headers: { "content-type": "application/vnd.oci.image.manifest.v1+json" }, body: '{"schemaVersion":2,"layers":[]}' }
        : "pass",
    );
    const error = await pullError(`${proxy.host}/verify/hello@${pushed.manifestDigest}`);
    expect(error.code).toBe("E_OCI_DIGEST_MISMATCH");
    expect(error.message).toContain(`should have digest ${pushed.manifestDigest}`);
  });
});
