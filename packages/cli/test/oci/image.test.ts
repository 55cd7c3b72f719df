import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { sha256Digest } from "../../src/oci/digest.ts";
import { buildImage, IMAGE_FORMATS, uniqueBlobs } from "../../src/oci/image.ts";
import { readTar, type TarEntry } from "../../src/oci/tar.ts";
import { proxyAbiVersions } from "../../src/oci/wasm-module.ts";
import { tinyModule } from "./wasm-fixture.ts";

const module = tinyModule(1200);
const manifestOf = async (format: (typeof IMAGE_FORMATS)[number]) => JSON.parse(Buffer.from((await buildImage(module, format)).manifest.bytes).toString("utf8"));
const digestOf = async (bytes: Uint8Array, format: (typeof IMAGE_FORMATS)[number]) => (await buildImage(bytes, format)).manifest.digest;

describe("buildImage", () => {
  it.each(IMAGE_FORMATS)("%s: gives the same digest for the same module, another for another", async (format) => {
    expect(await digestOf(module, format)).toBe(await digestOf(tinyModule(1200), format));
    expect(await digestOf(module, format)).not.toBe(await digestOf(tinyModule(1201), format));
  });

  it.each(IMAGE_FORMATS)("%s: every descriptor matches its blob's digest and size", async (format) => {
    const image = await buildImage(module, format);
    const manifest = await manifestOf(format);
    expect(image.manifest.digest).toBe(sha256Digest(image.manifest.bytes));
    for (const [descriptor, blob] of [[manifest.config, image.config], ...manifest.layers.map((d: unknown, i: number) => [d, image.layers[i]])]) {
      expect(descriptor).toMatchObject({ mediaType: blob.mediaType, digest: sha256Digest(blob.bytes), size: blob.bytes.length });
    }
  });

  it("compat: an OCI manifest with the variant annotation and one gzipped tar layer, plugin.wasm first", async () => {
    const image = await buildImage(module, "compat");
    expect(await manifestOf("compat")).toMatchObject({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: { mediaType: "application/vnd.oci.image.config.v1+json" },
      layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip" }],
      annotations: { "module.wasm.image/variant": "compat" },
    });
    const tar = gunzipSync(image.layers[0].bytes);
    let first!: TarEntry;
    for await (const entry of readTar(tar)) {
      first = entry;
      break;
    }
    expect([first.name, first.type]).toEqual(["plugin.wasm", "file"]);
    expect(Buffer.compare(Buffer.from(first.bytes), Buffer.from(module))).toBe(0);
    const config = JSON.parse(Buffer.from(image.config.bytes).toString("utf8"));
    expect(config.rootfs).toEqual({ type: "layers", diff_ids: [sha256Digest(tar)] });
  });

  it("docker: a schema 2 manifest without annotations, one rootfs.diff.tar.gzip layer", async () => {
    const manifest = await manifestOf("docker");
    expect(manifest).toMatchObject({
      mediaType: "application/vnd.docker.distribution.manifest.v2+json",
      config: { mediaType: "application/vnd.docker.container.image.v1+json" },
      layers: [{ mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip" }],
    });
    expect(manifest.annotations).toBeUndefined();
  });

  it("oci: the Wasm config as manifest config and first layer, the raw module as second layer", async () => {
    const image = await buildImage(module, "oci");
    const manifest = await manifestOf("oci");
    expect(manifest.config.mediaType).toBe("application/vnd.module.wasm.config.v1+json");
    expect(manifest.layers.map((l: { mediaType: string }) => l.mediaType)).toEqual([
      "application/vnd.module.wasm.config.v1+json",
      "application/vnd.module.wasm.content.layer.v1+wasm",
    ]);
    expect(Buffer.compare(Buffer.from(image.layers[1].bytes), Buffer.from(module))).toBe(0);
    expect(JSON.parse(Buffer.from(image.config.bytes).toString("utf8"))).toEqual({ type: "envoy_proxy", abiVersions: ["0.2.1"], config: {} });
    expect(uniqueBlobs(image)).toHaveLength(2);
  });
});

describe("proxyAbiVersions", () => {
  it("reads the proxy_abi_version_* exports", () => {
    expect(proxyAbiVersions(module)).toEqual(["0.2.1"]);
  });

  it("finds none in a module without them, or in garbage", () => {
    expect(proxyAbiVersions(Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]))).toEqual([]);
    expect(proxyAbiVersions(Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x07, 0x7f]))).toEqual([]);
  });

  it("works on a module WebAssembly itself accepts", () => {
    // The repo's TypeScript lib has no WebAssembly typings; the global is there at run time.
    const { WebAssembly: wasm } = globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } };
    expect(wasm.validate(module)).toBe(true);
  });
});
