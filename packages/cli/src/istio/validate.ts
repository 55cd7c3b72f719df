import { CliError } from "../errors.ts";
import { isExtensionResource, pluginConfigPath, wasmConfigOf } from "./extension-resources.ts";
import { formatFieldError, type FieldError } from "./field-error.ts";
import { validateWithKubernetes, type KubeValidationOptions } from "./kube-validator.ts";

/**
 * Checks one plugin's configuration (a WasmPlugin's or TrafficExtension's
 * `pluginConfig`) the way the filter itself would, e.g. by running its
 * on_configure in the emulator. `config` is undefined when the resource has
 * none (the filter then gets an empty configuration). Returns problems,
 * empty when the configuration is fine.
 */
export type PluginConfigValidator = (pluginName: string, config: Record<string, unknown> | undefined) => string[] | Promise<string[]>;

export interface ValidateOptions extends KubeValidationOptions {
  /** Checks the Wasm plugins' pluginConfig once a document is otherwise valid; its messages are reported at that field. */
  readonly pluginConfigValidator?: PluginConfigValidator;
}

export interface ResourceValidation {
  readonly valid: boolean;
  readonly errors: readonly FieldError[];
}

/**
 * Validates Kubernetes documents (Istio's WasmPlugins and TrafficExtensions,
 * or any kind the CRDs define) as the API server would on create, with its
 * own code (see kube-validator.ts); then hands each valid Wasm extension's
 * pluginConfig to `pluginConfigValidator` if given. One result per document.
 */
export async function validateIstioResources(documents: readonly unknown[], options: ValidateOptions = {}): Promise<ResourceValidation[]> {
  const byKubernetes = await validateWithKubernetes(documents, options);
  return Promise.all(
    documents.map(async (doc, i) => {
      const errors: FieldError[] = [...byKubernetes[i]];
      if (errors.length === 0 && options.pluginConfigValidator) errors.push(...(await pluginConfigProblems(doc, options.pluginConfigValidator)));
      return { valid: errors.length === 0, errors };
    }),
  );
}

/** `validateIstioResources` for one document. */
export async function validateIstioResource(doc: unknown, options: ValidateOptions = {}): Promise<ResourceValidation> {
  const [validation] = await validateIstioResources([doc], options);
  return validation;
}

async function pluginConfigProblems(doc: unknown, validator: PluginConfigValidator): Promise<FieldError[]> {
  if (!isExtensionResource(doc)) return [];
  const wasm = wasmConfigOf(doc);
  if (!wasm) return [];
  const problems = await validator(wasm.pluginName ?? "", wasm.pluginConfig);
  return problems.map((message) => ({ path: pluginConfigPath(doc.kind), message }));
}

/** Throws `CliError("E_RESOURCE_INVALID")` listing every problem, one per line, if the document is invalid. */
export function assertValidResource(validation: ResourceValidation, what: string): void {
  if (validation.valid) return;
  const lines = validation.errors.map((error) => `  ${formatFieldError(error)}`).join("\n");
  throw new CliError("E_RESOURCE_INVALID", `${what} is not valid:\n${lines}`);
}
