import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { CliError } from "../../src/errors.ts";
import { pullCommand, pushCommand } from "../../src/oci/commands.ts";
import type { Fetch } from "../../src/oci/http.ts";
import { IMAGE_FORMATS, type ImageFormat } from "../../src/oci/image.ts";
import { pullModule } from "../../src/oci/pull.ts";
import { pushModule } from "../../src/oci/push.ts";
import { useRegistry } from "./registry-fixture.ts";
import { skopeoCopyToDir, skopeoCopyToOciLayout, skopeoRawManifest } from "./skopeo.ts";
import { testModule, tinyModule } from "./wasm-fixture.ts";

const registry = useRegistry();
const module = testModule();
const scratch = mkdtempSync(path.join(os.tmpdir(), "envoyscript-oci-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const EXPECTED: Record<ImageFormat, { manifest: string; config: string; layers: string[] }> = {
  compat: {
    manifest: "application/vnd.oci.image.manifest.v1+json",
    config: "application/vnd.oci.image.config.v1+json",
    layers: ["application/vnd.oci.image.layer.v1.tar+gzip"],
  },
  docker: {
    manifest: "application/vnd.docker.distribution.manifest.v2+json",
    config: "application/vnd.docker.container.image.v1+json",
    layers: ["application/vnd.docker.image.rootfs.diff.tar.gzip"],
  },
  oci: {
    manifest: "application/vnd.oci.image.manifest.v1+json",
    config: "application/vnd.module.wasm.config.v1+json",
    layers: ["application/vnd.module.wasm.config.v1+json", "application/vnd.module.wasm.content.layer.v1+wasm"],
  },
};

/** A port nothing listens on: bound by us, then released. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A fetch that records `METHOD path` of every request. */
function recordingFetch(log: string[]): Fetch {
  return (url, init) => {
    log.push(`${init.method ?? "GET"} ${new URL(url).pathname}`);
    return fetch(url, init);
  };
}

/** What GNU tar finds in a gzipped layer: its entry listing and the bytes of plugin.wasm. */
function unpackWithSystemTar(layer: Buffer): { listing: string; plugin: Buffer } {
  const file = path.join(scratch, `layer-${createHash("sha256").update(layer).digest("hex")}.tar.gz`);
  execFileSync("sh", ["-c", `cat > '${file}'`], { input: layer });
  const listing = execFileSync("tar", ["--numeric-owner", "-tvzf", file], { encoding: "utf8" });
  const plugin = execFileSync("tar", ["-xzOf", file, "plugin.wasm"]);
  return { listing, plugin };
}

describe.each(IMAGE_FORMATS)("the %s variant", (format) => {
  const reference = () => `${registry().host}/filters/hello:${format}`;

  it("is pushed so that skopeo reads back the expected layout with the module inside", async () => {
    const result = await pushModule(module, reference(), { format });

    const raw = skopeoRawManifest(reference());
    expect(`sha256:${createHash("sha256").update(raw.text).digest("hex")}`).toBe(result.manifestDigest);
    expect(raw.json.mediaType).toBe(EXPECTED[format].manifest);
    expect(raw.json.config.mediaType).toBe(EXPECTED[format].config);
    expect(raw.json.layers.map((layer) => layer.mediaType)).toEqual(EXPECTED[format].layers);

    const copied = skopeoCopyToDir(reference(), path.join(scratch, `dir-${format}`));
    const moduleLayer = raw.json.layers.at(-1)!;
    const layerBytes = copied.blob(moduleLayer.digest);
    if (format === "oci") {
      expect(Buffer.compare(layerBytes, Buffer.from(module))).toBe(0);
      expect(JSON.parse(copied.blob(raw.json.config.digest).toString("utf8"))).toMatchObject({ type: "envoy_proxy" });
    } else {
      const { listing, plugin } = unpackWithSystemTar(layerBytes);
      expect(listing.split("\n")[0]).toMatch(/^-rw-r--r-- 0\/0 +\d+ 1970-01-01 00:00 plugin\.wasm$/);
      expect(Buffer.compare(plugin, Buffer.from(module))).toBe(0);
      const config = JSON.parse(copied.blob(raw.json.config.digest).toString("utf8"));
      const diffId = `sha256:${createHash("sha256").update(gunzipSync(layerBytes)).digest("hex")}`;
      expect(config.rootfs.diff_ids).toEqual([diffId]);
    }
  });

  it("is pulled back by tag and by digest with the module's exact bytes", async () => {
    const pushed = await pushModule(module, reference(), { format });
    const byTag = await pullModule(reference());
    expect(byTag.variant).toBe(format);
    expect(byTag.manifestDigest).toBe(pushed.manifestDigest);
    expect(Buffer.compare(Buffer.from(byTag.module), Buffer.from(module))).toBe(0);

    const byDigest = await pullModule(`${registry().host}/filters/hello@${pushed.manifestDigest}`);
    expect(byDigest.variant).toBe(format);
    expect(Buffer.compare(Buffer.from(byDigest.module), Buffer.from(module))).toBe(0);
  });

  it("skips every blob on a re-push and keeps the digest", async () => {
    const first = await pushModule(module, reference(), { format });
    const requests: string[] = [];
    const lines: string[] = [];
    const again = await pushModule(module, reference(), { format, fetch: recordingFetch(requests), log: (line) => lines.push(line) });

    expect(again.manifestDigest).toBe(first.manifestDigest);
    expect(again.uploaded).toEqual([]);
    expect(again.skipped).toHaveLength(2); // config + module layer (the oci variant's config doubles as its first layer)
    expect(requests.filter((request) => request.startsWith("POST") || request.includes("/blobs/uploads/"))).toEqual([]);
    expect(requests.filter((request) => request.startsWith("HEAD"))).toHaveLength(again.skipped.length);
    expect(lines.filter((line) => line.includes("already in the registry, skipped"))).toHaveLength(again.skipped.length);
  });
});

describe("the default compat image", () => {
  it("copies into an OCI layout with skopeo, its layer unpacking to the module", async () => {
    const reference = `${registry().host}/filters/layout:v1`;
    const pushed = await pushModule(module, reference);
    const layout = skopeoCopyToOciLayout(reference, path.join(scratch, "layout"), "v1");
    expect(layout.index.manifests[0].digest).toBe(pushed.manifestDigest);
    const manifest = JSON.parse(layout.blob(pushed.manifestDigest).toString("utf8"));
    expect(manifest.annotations).toEqual({ "module.wasm.image/variant": "compat" });
    const { plugin } = unpackWithSystemTar(layout.blob(manifest.layers[0].digest));
    expect(Buffer.compare(plugin, Buffer.from(module))).toBe(0);
  });

  it("uploads a different module's blobs but not the ones it shares", async () => {
    const reference = `${registry().host}/filters/other:v1`;
    const first = await pushModule(tinyModule(700), reference, { format: "oci" });
    const second = await pushModule(tinyModule(900), reference, { format: "oci" });
    expect(second.manifestDigest).not.toBe(first.manifestDigest);
    // Same ABI exports give the same runtime config, which the second push finds in place.
    expect(second.skipped).toHaveLength(1);
    expect(second.uploaded).toHaveLength(1);
  });
});

describe("transport", () => {
  it("hints at --plain-http when HTTPS meets a plain HTTP registry", async () => {
    const error = await pushModule(module, `${registry().host}/filters/tls:1`, { plainHttp: false }).catch((e: unknown) => e);
    expect((error as CliError).code).toBe("E_OCI_UNREACHABLE");
    expect((error as CliError).message).toMatch(/^cannot reach https:\/\/127\.0\.0\.1:\d+\/v2\/filters\/tls\/blobs\/sha256:[a-f0-9]+: .*wrong version number.*pass --plain-http$/);
  });

  it("says so when nothing listens, without retrying", async () => {
    const closed = await freePort();
    const error = await pushModule(module, `127.0.0.1:${closed}/filters/none:1`).catch((e: unknown) => e);
    expect((error as CliError).code).toBe("E_OCI_UNREACHABLE");
    expect((error as CliError).message).toContain("ECONNREFUSED");
    expect((error as CliError).message).toContain("Is the registry running");
  });
});

describe("push and pull commands", () => {
  it("print the WasmPlugin url and digest, and pull writes the same module", async () => {
    const moduleFile = path.join(scratch, "command.wasm");
    execFileSync("sh", ["-c", `cat > '${moduleFile}'`], { input: module });
    const reference = `${registry().host}/filters/command:1.0`;
    const pushOut: string[] = [];
    const pushErr: string[] = [];
    const pushed = await pushCommand(["--format", "docker", moduleFile, reference], { stdout: (s) => pushOut.push(s), stderr: (s) => pushErr.push(s) });
    expect(pushed, pushErr.join("\n")).toBe(0);
    const digest = /^digest: (sha256:[a-f0-9]{64})$/m.exec(pushOut.join("\n"))?.[1];
    expect(digest).toBeDefined();
    expect(pushOut).toContain(`url: oci://${reference}`);
    expect(pushOut).toContain(`pinned: oci://${registry().host}/filters/command@${digest}`);
    expect(pushErr.some((line) => line.includes("uploaded"))).toBe(true);

    const output = path.join(scratch, "pulled.wasm");
    const pullOut: string[] = [];
    const pulled = await pullCommand([`${registry().host}/filters/command@${digest}`, "-o", output], { stdout: (s) => pullOut.push(s), stderr: () => {} });
    expect(pulled).toBe(0);
    expect(pullOut).toContain(`digest: ${digest}`);
    expect(pullOut.some((line) => line.startsWith("variant: docker"))).toBe(true);
    expect(pullOut).toContain(`size: ${module.length} bytes`);
    expect(Buffer.compare(readFileSync(output), Buffer.from(module))).toBe(0);
  });

  it("fail with exit code 2 and the usage on a wrong command line", async () => {
    const err: string[] = [];
    const code = await pushCommand(["--format", "zip", "a.wasm", "localhost:5000/a:b"], { stdout: () => {}, stderr: (s) => err.push(s) });
    expect(code).toBe(2);
    expect(err).toEqual(['envoyscript push: --format "zip" is not one of compat, docker, oci; run "envoyscript push --help" [E_USAGE]']);
  });

  it("refuse to push a file that is not Wasm", async () => {
    const notWasm = path.join(scratch, "not.wasm");
    execFileSync("sh", ["-c", `printf 'hello' > '${notWasm}'`]);
    const err: string[] = [];
    const code = await pushCommand([notWasm, `${registry().host}/filters/bad:1`], { stdout: () => {}, stderr: (s) => err.push(s) });
    expect(code).toBe(1);
    expect(err.join("\n")).toContain("E_OCI_NOT_WASM");
  });

  it("report a missing tag as not found", async () => {
    const err: string[] = [];
    const code = await pullCommand([`${registry().host}/filters/hello:nope`, "-o", path.join(scratch, "x.wasm")], { stdout: () => {}, stderr: (s) => err.push(s) });
    expect(code).toBe(1);
    expect(err.at(-1)).toMatch(/^envoyscript pull: no such image: .*MANIFEST_UNKNOWN.* \[E_OCI_NOT_FOUND\]$/);
  });
});
