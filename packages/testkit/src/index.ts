// Public entry of @envoyscript/testkit: every name is re-exported explicitly.
export { buildBootstrap, wasmHttpFilter, LISTENER_NAME, TCP_LISTENER_NAME } from "./envoy/bootstrap.ts";
export type { BootstrapOptions, HttpFilter, NativeFilter, Upstream, WasmFilter } from "./envoy/bootstrap.ts";
export { cacheDir, projectRoot } from "./envoy/cache-dir.ts";
export { EnvoyError } from "./envoy/errors.ts";
export { configurationRefusal } from "./envoy/configuration-refusal.ts";
export { wasmLogLine, wasmLogLines } from "./envoy/wasm-log.ts";
export { ConfigurationRefusedError, parseRefusalLine } from "./errors/configuration-refused.ts";
export { DEFAULT_RELOAD_BACKOFF_MS, FAILURE_POLICIES } from "./plugin-config/failure-policy.ts";
export type { FailureOptions, FailurePolicy } from "./plugin-config/failure-policy.ts";
export type { LoggedLine, RefusingBackend } from "./errors/configuration-refused.ts";
export { EnvoyInstance, envoyToolchain, startEnvoy, stopAllEnvoys } from "./envoy/envoy-process.ts";
export { processesOfRun } from "./envoy/run-folders.ts";
export type { StartEnvoyOptions } from "./envoy/envoy-process.ts";
export { findSamples, parsePrometheus } from "./envoy/prometheus.ts";
export { validateEnvoyConfig } from "./envoy/validate-config.ts";
export type { ValidationResult } from "./envoy/validate-config.ts";
export type { PrometheusSample } from "./envoy/prometheus.ts";
export { realEnvoySkipped } from "./envoy/opt-out.ts";
export { provisionEnvoy } from "./envoy/provision.ts";
export type { EnvoyToolchain, ProvisionOptions } from "./envoy/provision.ts";
export { ENVOY_PYPI_PACKAGE, ENVOY_VERSION, FUNC_E_MODULE, FUNC_E_VERSION } from "./envoy/versions.ts";
export { startUpstream } from "./upstream/echo-server.ts";
export { startTcpEcho } from "./upstream/tcp-echo-server.ts";
export type { TcpEchoServer } from "./upstream/tcp-echo-server.ts";
export type { EchoedRequest, UpstreamHandler, UpstreamServer } from "./upstream/echo-server.ts";
export { envoyBackend } from "./scenario/envoy-backend.ts";
export type {
  Backend,
  BackendName,
  ClusterHandler,
  FilterSetup,
  ScenarioRequest,
  ScenarioResponse,
  ScenarioTarget,
  TcpConversation,
  UpstreamReply,
} from "./scenario/types.ts";
export { scenarioBackends } from "./scenario/backends.ts";
export { compareBackends, HOST_HEADERS } from "./scenario/parity.ts";
export { ScenarioError } from "./scenario/errors.ts";
export type { Observation, ParityOptions, ParityReport } from "./scenario/parity.ts";
export { emulatorBackend } from "./scenario/emulator-backend.ts";
export * as emulator from "./emulator/index.ts";
export { Host } from "./emulator/host.ts";
export type { HostOptions, LoadPluginOptions } from "./emulator/host.ts";
export { describeFuzzFailure, fuzzFilters } from "./fuzz/fuzz.ts";
export { mirrorUpstream } from "./fuzz/mirror-upstream.ts";
export type { FuzzFailure, FuzzOptions, FuzzReport } from "./fuzz/fuzz.ts";
export { describeConfigurationFuzzFailure, fuzzConfigurations } from "./fuzz/configuration.ts";
export type { ConfigurationFuzzFailure, ConfigurationFuzzOptions, ConfigurationFuzzReport } from "./fuzz/configuration.ts";
export { loadEmulatedChain } from "./scenario/emulator-backend.ts";
export { FilterTrap } from "./debug/filter-trap.ts";
export { debugBuildOf, debugBuildsWanted } from "./scenario/debug-builds.ts";
export type { FilterTrapInit, RequestInFlight } from "./debug/filter-trap.ts";
export { ModuleSymbols, formatFrame, moduleOfFrames } from "./debug/module-symbols.ts";
export type { SourceFrame } from "./debug/module-symbols.ts";
export { WasmSourceMap } from "./debug/source-map.ts";
export type { SourcePosition } from "./debug/source-map.ts";
export { trapsInEnvoyLog } from "./debug/envoy-trap-log.ts";
export type { LoggedTrap } from "./debug/envoy-trap-log.ts";
export type { WasmFrame } from "./debug/backtrace.ts";
