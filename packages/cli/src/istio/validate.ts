import { CliError } from "../errors.ts";
import { loadWasmPluginSchema } from "./crd-schema.ts";
import type { WasmPluginSchema } from "./schema/crd.ts";
import { formatFieldError, quote, type FieldError } from "./schema/field-error.ts";
import { validateObjectMeta } from "./schema/object-meta.ts";
import { validateStructure } from "./schema/structural-validator.ts";

/**
 * Checks one plugin's configuration (the WasmPlugin's `pluginConfig`) the way
 * the filter itself would, e.g. by running its on_configure in the emulator.
 * `config` is undefined when the WasmPlugin has none (the filter then gets an
 * empty configuration). Returns problems, empty when the configuration is fine.
 */
export type PluginConfigValidator = (pluginName: string, config: Record<string, unknown> | undefined) => string[] | Promise<string[]>;

export interface ValidateWasmPluginOptions {
  /** The prepared CRD schema. @default the pinned one (provisioned with Go on first use) */
  readonly schema?: WasmPluginSchema;
  /** Checks `spec.pluginConfig` once the document is otherwise valid; its messages are reported at spec.pluginConfig. */
  readonly pluginConfigValidator?: PluginConfigValidator;
}

export interface WasmPluginValidation {
  readonly valid: boolean;
  readonly errors: readonly FieldError[];
}

const IMPLICIT_ROOT_FIELDS = new Set(["apiVersion", "kind", "metadata"]);

/**
 * Validates a WasmPlugin document as the Kubernetes API server would on
 * create (apiVersion, kind, metadata, the CRD's OpenAPI schema and its CEL
 * rules), then hands `pluginConfig` to `pluginConfigValidator` if given.
 */
export async function validateWasmPlugin(doc: unknown, options: ValidateWasmPluginOptions = {}): Promise<WasmPluginValidation> {
  const schema = options.schema ?? (await loadWasmPluginSchema());
  const errors = [...checkWasmPlugin(doc, schema)];
  if (errors.length === 0 && options.pluginConfigValidator) {
    const spec = (doc as { spec: { pluginName?: string; pluginConfig?: Record<string, unknown> } }).spec;
    const problems = await options.pluginConfigValidator(spec.pluginName ?? "", spec.pluginConfig);
    errors.push(...problems.map((message) => ({ path: "spec.pluginConfig", message })));
  }
  return { valid: errors.length === 0, errors };
}

/** The synchronous part of `validateWasmPlugin`: header, metadata, schema and CEL rules. */
export function checkWasmPlugin(doc: unknown, schema: WasmPluginSchema): FieldError[] {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return [{ path: "", message: `a WasmPlugin must be a YAML/JSON object, got ${quote(doc)}` }];
  const record = doc as Record<string, unknown>;
  const errors: FieldError[] = [];
  if (record.kind !== schema.kind) errors.push({ path: "kind", message: `must be ${quote(schema.kind)} (got ${quote(record.kind)})` });
  const root = typeof record.apiVersion === "string" ? schema.byApiVersion.get(record.apiVersion) : undefined;
  if (!root) errors.push({ path: "apiVersion", message: `must be one of ${schema.apiVersions.map((v) => quote(v)).join(", ")} (got ${quote(record.apiVersion)})` });
  errors.push(...validateObjectMeta(record.metadata));
  const schemaNode = root ?? schema.byApiVersion.get(schema.apiVersions[0])!;
  errors.push(...validateStructure(schemaNode, doc, { implicitRootFields: IMPLICIT_ROOT_FIELDS }));
  return errors;
}

/** Throws `CliError("E_WASMPLUGIN_INVALID")` listing every problem, one per line, if the document is invalid. */
export function assertValidWasmPlugin(validation: WasmPluginValidation, what = "WasmPlugin"): void {
  if (validation.valid) return;
  const lines = validation.errors.map((error) => `  ${formatFieldError(error)}`).join("\n");
  throw new CliError("E_WASMPLUGIN_INVALID", `${what} is not valid:\n${lines}`);
}
