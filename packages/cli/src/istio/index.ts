// Public entry of the Istio side of envoyscript: every name is re-exported explicitly.
export { manifestCommand, manifestCommandDefinition, MANIFEST_USAGE, type ManifestCommandOptions } from "./commands.ts";
export { loadWasmPluginSchema, provisionWasmPluginCrd, wasmPluginCrdPath, extractCrdDocument, type ProvisionCrdOptions } from "./crd-schema.ts";
export {
  ISTIO_API_MODULE,
  ISTIO_API_VERSION,
  PINNED_ISTIO_VERSION,
  WASMPLUGIN_CRD_NAME,
  WASMPLUGIN_CRD_SHA256,
} from "./crd-version.ts";
export { buildWasmPluginManifest, imageUrl, manifestToYaml, type ManifestOptions } from "./manifest.ts";
export { prepareCrd, type WasmPluginSchema } from "./schema/crd.ts";
export { formatFieldError, type FieldError } from "./schema/field-error.ts";
export {
  assertValidWasmPlugin,
  checkWasmPlugin,
  validateWasmPlugin,
  type PluginConfigValidator,
  type ValidateWasmPluginOptions,
  type WasmPluginValidation,
} from "./validate.ts";
export { emulateSidecarInbound, type EmulateOptions, type SidecarInboundTranslation } from "./translate/emulate.ts";
export { parseIstioVersion, wasmPluginNames, failureFields, type IstioVersion } from "./translate/istio-version.ts";
export { resolveModule, type FetchHttp, type FetchOci, type ModuleFetchOptions, type ResolvedModule } from "./translate/module-fetch.ts";
export {
  buildPluginConfig,
  HTTP_WASM_FILTER,
  HTTP_WASM_TYPE,
  NETWORK_WASM_FILTER,
  NETWORK_WASM_TYPE,
  type EnvoyPluginConfig,
  type EnvoyWasmFilter,
} from "./translate/plugin-config.ts";
export { PHASE_ORDER, type ChainSlot, type SidecarWorkload, type SkippedPlugin } from "./translate/sidecar-chain.ts";
export { compileCel, type CelProgram } from "./cel/compile.ts";
export { CelCompileError, CelEvalError } from "./cel/errors.ts";
export { parseYamlDocuments } from "./yaml-documents.ts";
export type { EnvVar, FailStrategy, PluginPhase, PluginType, WasmPlugin, WasmPluginSpec } from "./wasm-plugin.ts";
