import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { CliError } from "../../src/errors.ts";
import { sha256Digest } from "../../src/oci/digest.ts";
import { extractModule, type Descriptor, type ImageManifest } from "../../src/oci/extract.ts";
import { buildImage, IMAGE_FORMATS } from "../../src/oci/image.ts";
import { createTar } from "../../src/oci/tar.ts";
import { tinyModule } from "./wasm-fixture.ts";

const module = tinyModule(800);
const OCI = "application/vnd.oci.image.manifest.v1+json";
const DOCKER = "application/vnd.docker.distribution.manifest.v2+json";

/** A manifest over hand-made layers, with a blob source that serves them. */
function image(mediaType: string, layers: { mediaType: string; bytes: Uint8Array }[]) {
  const blobs = new Map<string, Uint8Array>();
  const descriptors: Descriptor[] = layers.map((layer) => {
    const digest = sha256Digest(layer.bytes);
    blobs.set(digest, layer.bytes);
    return { mediaType: layer.mediaType, digest, size: layer.bytes.length };
  });
  const manifest: ImageManifest = { schemaVersion: 2, mediaType, layers: descriptors };
  return { manifest, blobs: (digest: string) => blobs.get(digest)! };
}

async function extractionError(manifest: ImageManifest, blobs: (digest: string) => Uint8Array): Promise<CliError> {
  const error = await extractModule(manifest, blobs).then(
    () => new Error("expected the extraction to fail"),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

const tarGz = async (files: { name: string; bytes: Uint8Array }[]) => gzipSync(await createTar(files));

describe("extractModule, by Istio's rules", () => {
  it.each(IMAGE_FORMATS)("finds the module in our own %s image, and names the variant", async (format) => {
    const built = await buildImage(module, format);
    const blobs = new Map([built.config, ...built.layers].map((b) => [b.digest as string, b.bytes]));
    const manifest = JSON.parse(Buffer.from(built.manifest.bytes).toString("utf8"));
    const extracted = await extractModule(manifest, (digest) => blobs.get(digest)!);
    expect(extracted.variant).toBe(format);
    expect(Buffer.compare(Buffer.from(extracted.module), Buffer.from(module))).toBe(0);
  });

  it("takes the LAST layer of a compat image and the first entry whose base name is plugin.wasm", async () => {
    const other = tinyModule(10);
    const { manifest, blobs } = image(OCI, [
      { mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", bytes: await tarGz([{ name: "plugin.wasm", bytes: other }]) },
      {
        mediaType: "application/vnd.oci.image.layer.v1.tar+gzip",
        bytes: await tarGz([
          { name: "runtime-config.json", bytes: Buffer.from("{}") },
          { name: "dir/plugin.wasm", bytes: module },
          { name: "plugin.wasm", bytes: other },
        ]),
      },
    ]);
    const extracted = await extractModule(manifest, blobs);
    expect(extracted.variant).toBe("compat");
    expect(Buffer.compare(Buffer.from(extracted.module), Buffer.from(module))).toBe(0);
  });

  it("rejects an uncompressed tar layer as compat, then a one-layer image as oci, quoting both reasons", async () => {
    const { manifest, blobs } = image(OCI, [{ mediaType: "application/vnd.oci.image.layer.v1.tar", bytes: await createTar([{ name: "plugin.wasm", bytes: module }]) }]);
    const error = await extractionError(manifest, blobs);
    expect(error.code).toBe("E_OCI_NOT_A_WASM_IMAGE");
    expect(error.message).toContain("as the compat variant: invalid media type application/vnd.oci.image.layer.v1.tar of the last layer (expect application/vnd.oci.image.layer.v1.tar+gzip)");
    expect(error.message).toContain("as the oci variant: number of layers must be 2 but got 1");
  });

  it("rejects a single-layer Wasm artifact (a plain oras push): number of layers must be 2", async () => {
    const { manifest, blobs } = image(OCI, [{ mediaType: "application/vnd.module.wasm.content.layer.v1+wasm", bytes: module }]);
    expect((await extractionError(manifest, blobs)).message).toContain("number of layers must be 2 but got 1");
  });

  it("rejects two layers without the Wasm content type", async () => {
    const { manifest, blobs } = image(OCI, [
      { mediaType: "application/vnd.module.wasm.config.v1+json", bytes: Buffer.from("{}") },
      { mediaType: "application/octet-stream", bytes: module },
    ]);
    expect((await extractionError(manifest, blobs)).message).toContain("could not find the layer of type application/vnd.module.wasm.content.layer.v1+wasm");
  });

  it("gives a Docker manifest no second chance: an OCI layer inside it fails", async () => {
    const { manifest, blobs } = image(DOCKER, [{ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", bytes: await tarGz([{ name: "plugin.wasm", bytes: module }]) }]);
    const error = await extractionError(manifest, blobs);
    expect(error.message).toContain("Docker manifest");
    expect(error.message).toContain("invalid media type application/vnd.oci.image.layer.v1.tar+gzip of the last layer (expect application/vnd.docker.image.rootfs.diff.tar.gzip)");
  });

  it("rejects a compat layer that is not gzip, or lacks plugin.wasm", async () => {
    const notGzip = image(OCI, [{ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", bytes: await createTar([{ name: "plugin.wasm", bytes: module }]) }]);
    expect((await extractionError(notGzip.manifest, notGzip.blobs)).message).toMatch(/failed to parse layer sha256:[a-f0-9]+ as tar\.gz/);
    const noPlugin = image(OCI, [{ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", bytes: await tarGz([{ name: "filter.wasm", bytes: module }]) }]);
    expect((await extractionError(noPlugin.manifest, noPlugin.blobs)).message).toContain("plugin.wasm not found in layer");
  });

  it("rejects an image without layers", async () => {
    const { manifest, blobs } = image(DOCKER, []);
    expect((await extractionError(manifest, blobs)).message).toContain("number of layers must be greater than zero");
  });
});
