import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse, stringify } from "yaml";
import type { ExtensionKind } from "../../../packages/cli/src/istio/index.ts";
import { kustomizeBuild } from "./kustomize.ts";
import { MANIFESTS_DIR } from "./paths.ts";

/** The keys of the settings ConfigMap (overlays/example/filter-settings.yaml). */
export type FilterSettings = Record<string, string>;

const EXAMPLE_OVERLAY = path.join(MANIFESTS_DIR, "overlays", "example");

/** The example overlay's settings, as a user would start from them. */
export function exampleSettings(): FilterSettings {
  const doc = parse(readFileSync(path.join(EXAMPLE_OVERLAY, "filter-settings.yaml"), "utf8")) as { data: FilterSettings };
  return { ...doc.data };
}

/** The component overlays/example-traffic-extensions adds to overlays/example (Istio 1.30+). */
export const TRAFFIC_EXTENSIONS_COMPONENT = "components/traffic-extensions";

/**
 * Renders the manifests the way the README tells a user to: a copy of the
 * example overlay (its kustomization.yaml with the paths pointing back at
 * the repository's base and component) whose filter-settings.yaml holds
 * `changes`, the one place where registry, tag, namespaces and digests go.
 * With `kind` TrafficExtension, the traffic-extensions component is added,
 * as overlays/example-traffic-extensions does.
 */
export function renderOverlay(changes: Partial<FilterSettings>, kind: ExtensionKind = "WasmPlugin"): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "envoyscript-overlay-"));
  const back = path.relative(dir, MANIFESTS_DIR);
  const kustomization = parse(readFileSync(path.join(EXAMPLE_OVERLAY, "kustomization.yaml"), "utf8").replaceAll("../../", `${back}/`)) as { components?: string[] };
  if (kind === "TrafficExtension") kustomization.components = [...(kustomization.components ?? []), `${back}/${TRAFFIC_EXTENSIONS_COMPONENT}`];
  writeFileSync(path.join(dir, "kustomization.yaml"), stringify(kustomization));
  const settings = parse(readFileSync(path.join(EXAMPLE_OVERLAY, "filter-settings.yaml"), "utf8")) as { data: FilterSettings };
  settings.data = { ...settings.data, ...changes } as FilterSettings;
  writeFileSync(path.join(dir, "filter-settings.yaml"), stringify(settings));
  return buildAndRemove(dir);
}

/** Renders a kustomization holding `resources` (written as files) and the given components (paths inside istio-manifests). */
export function renderWithComponents(resources: Record<string, string>, components: string[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "envoyscript-kustomization-"));
  for (const [file, text] of Object.entries(resources)) writeFileSync(path.join(dir, file), text);
  const back = path.relative(dir, MANIFESTS_DIR);
  const kustomization = { resources: Object.keys(resources), components: components.map((component) => `${back}/${component}`) };
  writeFileSync(path.join(dir, "kustomization.yaml"), stringify(kustomization));
  return buildAndRemove(dir);
}

function buildAndRemove(dir: string): string {
  try {
    return kustomizeBuild(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
