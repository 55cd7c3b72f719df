import { readFileSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import type { WasmPlugin } from "../../../packages/cli/src/istio/index.ts";
import { MANIFESTS_DIR } from "./paths.ts";

/** A Kubernetes object as read from YAML. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

/** Every document of a multi-document YAML text; a syntax error fails loudly. */
export function parseObjects(text: string, what: string): KubeObject[] {
  return parseAllDocuments(text).map((document, i) => {
    if (document.errors.length > 0) throw new Error(`${what}, document ${i + 1}: ${document.errors[0].message}`);
    return document.toJS() as KubeObject;
  }).filter((doc) => doc !== null);
}

/** The objects of one file of istio-manifests/. */
export function manifestFile(relative: string): KubeObject[] {
  return parseObjects(readFileSync(path.join(MANIFESTS_DIR, relative), "utf8"), relative);
}

/** The one object of `kind` (and `name`, when given) among `objects`. */
export function findObject(objects: readonly KubeObject[], kind: string, name?: string): KubeObject {
  const matches = objects.filter((doc) => doc.kind === kind && (name === undefined || doc.metadata.name === name));
  if (matches.length !== 1) throw new Error(`expected one ${kind}${name ? ` named ${name}` : ""}, found ${matches.length}`);
  return matches[0];
}

/** The WasmPlugin named `name` among `objects`. */
export function findWasmPlugin(objects: readonly KubeObject[], name: string): WasmPlugin {
  return findObject(objects, "WasmPlugin", name) as unknown as WasmPlugin;
}
