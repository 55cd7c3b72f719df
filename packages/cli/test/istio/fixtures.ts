import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadWasmPluginSchema, type WasmPluginSchema } from "../../src/istio/index.ts";

/** The real, pinned WasmPlugin CRD (provisioned from the Go module proxy on first use). */
export function pinnedSchema(): Promise<WasmPluginSchema> {
  return loadWasmPluginSchema();
}

/** How long provisioning may take the first time (a `go mod download`). */
export const PROVISION_TIMEOUT_MS = 180_000;

/** A WasmPlugin document with `spec` overriding a minimal valid one. */
export function wasmPlugin(spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: "extensions.istio.io/v1alpha1",
    kind: "WasmPlugin",
    metadata: { name: "my-filter", namespace: "default", ...metadata },
    spec: { url: "oci://ghcr.io/example/filter:1.0.0", ...spec },
  };
}

export function tempDir(prefix = "envoyscript-istio-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** A valid, empty WebAssembly module; `tag` (ASCII, short) goes into a custom section to make modules differ. */
export function wasmBytes(tag = ""): Uint8Array {
  const name = [...Buffer.from(tag, "ascii")];
  const custom = tag ? [0x00, name.length + 1, name.length, ...name] : [];
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...custom]);
}

export function writeWasm(dir: string, name = "filter.wasm"): string {
  const file = path.join(dir, name);
  writeFileSync(file, wasmBytes());
  return file;
}
