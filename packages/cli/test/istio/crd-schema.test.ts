import { existsSync, readFileSync, symlinkSync } from "node:fs";
import path from "node:path";
import { cacheDir } from "@envoyscript/testkit";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import {
  ISTIO_API_VERSION,
  WASMPLUGIN_CRD_NAME,
  WASMPLUGIN_CRD_SHA256,
  extractCrdDocument,
  provisionWasmPluginCrd,
  wasmPluginCrdPath,
} from "../../src/istio/index.ts";
import { sha256Hex } from "../../src/istio/crd-schema.ts";
import { PROVISION_TIMEOUT_MS, pinnedSchema, tempDir } from "./fixtures.ts";

describe("provisioning the WasmPlugin CRD from istio.io/api", () => {
  let crdFile: string;
  beforeAll(async () => {
    crdFile = await provisionWasmPluginCrd();
  }, PROVISION_TIMEOUT_MS);

  it("writes the WasmPlugin CRD, and nothing else, under <cache>/istio/<version>/ with the pinned digest", () => {
    expect(crdFile).toBe(wasmPluginCrdPath(cacheDir(), ISTIO_API_VERSION));
    const text = readFileSync(crdFile, "utf8");
    expect(sha256Hex(text)).toBe(WASMPLUGIN_CRD_SHA256);
    const crd = parse(text);
    expect(crd.kind).toBe("CustomResourceDefinition");
    expect(crd.metadata.name).toBe(WASMPLUGIN_CRD_NAME);
    expect(crd.spec.names.kind).toBe("WasmPlugin");
  });

  it("is idempotent: a cached CRD with the right digest is used without running Go", async () => {
    const again = await provisionWasmPluginCrd({ go: "/nonexistent/go" });
    expect(again).toBe(crdFile);
  });

  it("refuses a CRD whose digest is not the pinned one, saying which digest it found", async () => {
    const cache = tempDir();
    // Reuse the module Go already downloaded so that only the digest check differs.
    symlinkSync(path.join(cacheDir(), "go-mod"), path.join(cache, "go-mod"));
    const wrong = "0".repeat(64);
    await expect(provisionWasmPluginCrd({ cacheDir: cache, sha256: wrong })).rejects.toMatchObject({
      code: "E_CRD_CHECKSUM",
      message: expect.stringContaining(WASMPLUGIN_CRD_SHA256),
    });
    expect(existsSync(wasmPluginCrdPath(cache))).toBe(false);
  });

  it("says to install Go when Go is missing", async () => {
    await expect(provisionWasmPluginCrd({ cacheDir: tempDir(), go: "/nonexistent/bin/go" })).rejects.toMatchObject({
      code: "E_GO_MISSING",
      message: expect.stringMatching(/install Go/),
    });
  });

  it("keeps the extracted document byte for byte, so the digest does not depend on a YAML printer", () => {
    const other = "apiVersion: v1\nkind: CustomResourceDefinition\nmetadata:\n  name: other.example.io\n";
    const bundle = `# header\n${other}---\n${readFileSync(crdFile, "utf8")}---\n${other}`;
    expect(extractCrdDocument(bundle, WASMPLUGIN_CRD_NAME)).toBe(readFileSync(crdFile, "utf8"));
    expect(() => extractCrdDocument(bundle, "nothing.example.io")).toThrow(/no CustomResourceDefinition named "nothing.example.io"/);
  });

  it("compiles every CEL rule of the real CRD (an unsupported construct would have failed loading)", async () => {
    const schema = await pinnedSchema();
    expect(schema.apiVersions).toEqual(["extensions.istio.io/v1alpha1"]);
    const rules: string[] = [];
    const walk = (node: import("../../src/istio/schema/schema-node.ts").SchemaNode): void => {
      rules.push(...node.rules.map((rule) => rule.rule.source));
      for (const child of node.properties?.values() ?? []) walk(child);
      if (node.items) walk(node.items);
      if (typeof node.additionalProperties === "object") walk(node.additionalProperties);
    };
    walk(schema.byApiVersion.get("extensions.istio.io/v1alpha1")!);
    const raw = readFileSync(crdFile, "utf8");
    expect(rules.length).toBe((raw.match(/^\s*(?:- )?rule: /gm) ?? []).length);
    expect(rules.some((rule) => rule.includes("isURL"))).toBe(true);
  });
});
