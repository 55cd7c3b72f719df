import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ExtensionKind } from "../../src/istio/index.ts";

/** How long the first validation may take: `go mod download` of the CRDs and Go modules, and building the validator. */
export const PROVISION_TIMEOUT_MS = 30 * 60_000;

/** Fields that sit at the top of a WasmPlugin's spec and of a TrafficExtension's spec alike. */
const TARGETING_FIELDS = new Set(["selector", "targetRef", "targetRefs", "phase", "priority", "match"]);

/** A WasmPlugin document with `spec` overriding a minimal valid one. */
export function wasmPlugin(spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: "extensions.istio.io/v1alpha1",
    kind: "WasmPlugin",
    metadata: { name: "my-filter", namespace: "default", ...metadata },
    spec: { url: "oci://ghcr.io/example/filter:1.0.0", ...spec },
  };
}

/**
 * The TrafficExtension with the same meaning as `wasmPlugin(spec)`: targeting,
 * phase, priority and match stay in spec, the Wasm fields move under
 * spec.wasm, and UNSPECIFIED_PHASE is spelt UNSPECIFIED.
 */
export function trafficExtension(spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): Record<string, unknown> {
  const top: Record<string, unknown> = {};
  const wasm: Record<string, unknown> = { url: "oci://ghcr.io/example/filter:1.0.0" };
  for (const [key, value] of Object.entries(spec)) {
    if (TARGETING_FIELDS.has(key)) top[key] = key === "phase" && value === "UNSPECIFIED_PHASE" ? "UNSPECIFIED" : value;
    else wasm[key] = value;
  }
  return {
    apiVersion: "extensions.istio.io/v1alpha1",
    kind: "TrafficExtension",
    metadata: { name: "my-filter", namespace: "default", ...metadata },
    spec: { ...top, wasm },
  };
}

/** `wasmPlugin` or `trafficExtension` by kind. */
export function extension(kind: ExtensionKind, spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): Record<string, unknown> {
  return kind === "WasmPlugin" ? wasmPlugin(spec, metadata) : trafficExtension(spec, metadata);
}

/** Where a Wasm field sits: `spec.<field>` in a WasmPlugin, `spec.wasm.<field>` in a TrafficExtension. */
export function wasmFieldPath(kind: ExtensionKind, field: string): string {
  return kind === "WasmPlugin" || TARGETING_FIELDS.has(field.split(/[.[]/)[0]) ? `spec.${field}` : `spec.wasm.${field}`;
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
