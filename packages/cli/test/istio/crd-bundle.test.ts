import { existsSync, readFileSync, symlinkSync } from "node:fs";
import path from "node:path";
import { cacheDir } from "@envoyscript/testkit";
import { parseAllDocuments } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { EXTENSION_CRDS, ISTIO_API_VERSION, ISTIO_RELEASE, istioCrdBundlePath, provisionIstioCrds } from "../../src/istio/index.ts";
import { sha256Hex } from "../../src/istio/crd-bundle.ts";
import { PROVISION_TIMEOUT_MS, tempDir } from "./fixtures.ts";

describe("provisioning Istio's CRDs from istio.io/api", () => {
  let bundle: string;
  beforeAll(async () => {
    bundle = await provisionIstioCrds();
  }, PROVISION_TIMEOUT_MS);

  it("writes the pinned bundle under <cache>/istio/<version>/ with the pinned digest", () => {
    expect(bundle).toBe(istioCrdBundlePath(cacheDir(), ISTIO_API_VERSION));
    expect(sha256Hex(readFileSync(bundle))).toBe(ISTIO_RELEASE.api.crdBundleSha256);
  });

  it("holds the WasmPlugin and TrafficExtension CRDs, each served as extensions.istio.io/v1alpha1", () => {
    const crds = parseAllDocuments(readFileSync(bundle, "utf8")).map((doc) => doc.toJS() as { kind?: string; metadata?: { name?: string }; spec?: { versions?: { name: string; served: boolean }[] } } | null);
    for (const name of Object.values(EXTENSION_CRDS)) {
      const crd = crds.find((doc) => doc?.kind === "CustomResourceDefinition" && doc.metadata?.name === name);
      expect(crd, name).toBeDefined();
      expect(crd!.spec!.versions!.filter((version) => version.served).map((version) => version.name)).toEqual(["v1alpha1"]);
    }
  });

  it("is idempotent: a cached bundle with the right digest is used without running Go", async () => {
    expect(await provisionIstioCrds({ go: "/nonexistent/go" })).toBe(bundle);
  });

  it("refuses a bundle whose digest is not the pinned one, saying which digest it found", async () => {
    const cache = tempDir();
    // Reuse the module Go already downloaded so that only the digest check differs.
    symlinkSync(path.join(cacheDir(), "go-mod"), path.join(cache, "go-mod"));
    const wrong = "0".repeat(64);
    await expect(provisionIstioCrds({ cacheDir: cache, sha256: wrong })).rejects.toMatchObject({
      code: "E_CRD_CHECKSUM",
      message: expect.stringContaining(ISTIO_RELEASE.api.crdBundleSha256),
    });
    expect(existsSync(istioCrdBundlePath(cache))).toBe(false);
  });

  it("says to install Go when Go is missing", async () => {
    await expect(provisionIstioCrds({ cacheDir: tempDir(), go: "/nonexistent/bin/go" })).rejects.toMatchObject({
      code: "E_GO_MISSING",
      message: expect.stringMatching(/install Go/),
    });
  });
});
