import path from "node:path";
import { fileURLToPath } from "node:url";

/** The monorepo's root folder. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** The kustomize tree of the Istio manifests. */
export const MANIFESTS_DIR = path.join(REPO_ROOT, "istio-manifests");

/** Where `npx envoyscript build` in packages/filters writes the filters' modules. */
export const FILTERS_BUILD_DIR = path.join(REPO_ROOT, "packages", "filters", "build");

/** The four filters the manifests deploy, by their WasmPlugin name (= pluginName = module name). */
export const FILTER_NAMES = ["routing-headers", "fault-injection", "jwt-authz", "telemetry"] as const;
export type FilterName = (typeof FILTER_NAMES)[number];
