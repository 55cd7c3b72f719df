// Public entry of @envoyscript/cli as a library: the CLI and the pieces tools
// built on it reuse (the build, Envoy sessions, filter configuration checks).
export { CLI_VERSION, COMMANDS, execute, helpCatalog, main, mainUsage } from "./main.ts";
export type { Command, CommandIo } from "./command.ts";
export { EXIT, processIo } from "./command.ts";
export { CliError } from "./errors.ts";
export { answerHelp } from "./help.ts";
export type { HelpCatalog } from "./help.ts";
export { buildModule, buildProject, presetPath } from "./build/build.ts";
export type { BuildResult, BuildTarget } from "./build/build.ts";
export { loadProject, PROJECT_FILE } from "./build/project.ts";
export type { ModuleSpec, ProjectConfig } from "./build/project.ts";
export {
  assertEnvoyLoadable,
  auditModule,
  ENVOY_PROVIDED_IMPORTS,
  ImportAuditError,
  PROXY_WASM_0_2_1_HOST_FUNCTIONS,
  REQUIRED_EXPORTS,
} from "./build/import-audit.ts";
export type { AuditFinding } from "./build/import-audit.ts";
export { moduleConfigValidator } from "./istio/module-config-check.ts";
export { startAndAnnounce, stopSignal } from "./run/session.ts";
export { nextSteps, scaffoldProject } from "./scaffold/scaffold.ts";
export type { ScaffoldResult } from "./scaffold/scaffold.ts";
