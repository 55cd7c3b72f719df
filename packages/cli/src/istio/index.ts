// Public entry of the Istio side of envoyscript: every name is re-exported explicitly.
export { manifestCommand, manifestCommandDefinition, MANIFEST_USAGE, type ManifestCommandOptions } from "./commands.ts";
export { provisionIstioCrds, istioCrdBundlePath, type ProvisionCrdOptions } from "./crd-bundle.ts";
export {
  EXTENSIONS_API_VERSION,
  EXTENSION_KINDS,
  TRANSLATED_WASMPLUGIN_SUFFIX,
  isExtensionResource,
  toTrafficExtension,
  type EnvVar,
  type ExecutionPhase,
  type ExtensionKind,
  type ExtensionResource,
  type FailStrategy,
  type PluginPhase,
  type PluginType,
  type PolicyTargetReference,
  type PullPolicy,
  type TrafficExtension,
  type TrafficExtensionSpec,
  type TrafficSelector,
  type WasmConfig,
  type WasmPlugin,
  type WasmPluginSpec,
} from "./extension-resources.ts";
export { formatFieldError, type FieldError } from "./field-error.ts";
export { buildGoProgram, goEnvironment, goModDownload, type GoOptions } from "./go-toolchain.ts";
export { EXTENSION_CRDS, ISTIO_API_MODULE, ISTIO_API_VERSION, ISTIO_RELEASE, PINNED_ISTIO_VERSION, TRAFFIC_EXTENSION_SINCE } from "./istio-release.ts";
export { KUBE_VALIDATE_SOURCE, kubeValidateBinary, validateWithKubernetes, type KubeFieldError, type KubeValidationOptions } from "./kube-validator.ts";
export { buildExtensionManifest, imageUrl, manifestToYaml, type ManifestOptions, type ManifestPhase } from "./manifest.ts";
export {
  assertValidResource,
  validateIstioResource,
  validateIstioResources,
  type PluginConfigValidator,
  type ResourceValidation,
  type ValidateOptions,
} from "./validate.ts";
export { chainLayout, type ChainSlot } from "./translate/chain-layout.ts";
export { emulateProxy, LUA_TYPE, type EmulateOptions, type EnvoyLuaFilter, type ModuleReport, type ProxyTranslation } from "./translate/emulate.ts";
export { extensionNames, failureFields, hasTrafficExtension, parseIstioVersion, type IstioVersion } from "./translate/istio-version.ts";
export { resolveModule, type FetchFile, type FetchHttp, type FetchOci, type ModuleFetchOptions, type ModuleRequest, type ResolvedModule } from "./translate/module-fetch.ts";
export {
  AGENT_ENV,
  buildPluginConfig,
  pluginConfigJson,
  HTTP_WASM_FILTER,
  HTTP_WASM_TYPE,
  NETWORK_WASM_FILTER,
  NETWORK_WASM_TYPE,
  type EnvoyPluginConfig,
  type EnvoyWasmFilter,
} from "./translate/plugin-config.ts";
export { DOCKER_CONFIG_SECRET_TYPE, dockerConfigSecrets } from "./translate/pull-secrets.ts";
export { PHASE_ORDER, type Extension, type ProxyWorkload, type SkippedExtension } from "./translate/selection.ts";
export { parseYamlDocuments } from "./yaml-documents.ts";
