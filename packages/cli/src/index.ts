// Public entry of @envoyscript/cli as a library: the CLI and the build pieces tests and tools reuse.
export { main, mainUsage, COMMANDS } from "./main.ts";
export type { Command, CommandIo } from "./command.ts";
export { EXIT } from "./command.ts";
export { CliError } from "./errors.ts";
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
