import { CliError } from "../../errors.ts";
import { prepareSchema, type SchemaNode } from "./schema-node.ts";

/** One CRD version's schema, prepared for validation, with what a document must say to be of that kind. */
export interface WasmPluginSchema {
  /** `<group>/<version>` values a document may carry (every served version). */
  readonly apiVersions: readonly string[];
  readonly kind: string;
  /** Where the CRD came from, e.g. "istio.io/api@v1.31.4". */
  readonly source: string;
  /** The prepared schema of each served version, by `apiVersion`. */
  readonly byApiVersion: ReadonlyMap<string, SchemaNode>;
}

interface CrdDocument {
  kind?: string;
  spec?: {
    group?: string;
    names?: { kind?: string };
    versions?: { name: string; served?: boolean; schema?: { openAPIV3Schema?: unknown } }[];
  };
}

/** Prepares every served version of a CustomResourceDefinition for validation. */
export function prepareCrd(crd: unknown, source: string): WasmPluginSchema {
  const doc = crd as CrdDocument;
  const group = doc?.spec?.group;
  const kind = doc?.spec?.names?.kind;
  if (doc?.kind !== "CustomResourceDefinition" || !group || !kind || !Array.isArray(doc.spec?.versions)) {
    throw new CliError("E_CRD_INVALID", `${source} does not hold a CustomResourceDefinition with spec.group, spec.names.kind and spec.versions`);
  }
  const byApiVersion = new Map<string, SchemaNode>();
  for (const version of doc.spec.versions.filter((v) => v.served !== false)) {
    const apiVersion = `${group}/${version.name}`;
    const raw = version.schema?.openAPIV3Schema;
    if (!raw) throw new CliError("E_CRD_INVALID", `${source}: version ${version.name} has no openAPIV3Schema`);
    byApiVersion.set(apiVersion, prepareSchema(raw, `${kind}(${apiVersion})`));
  }
  return { apiVersions: [...byApiVersion.keys()], kind, source, byApiVersion };
}
