import { readFileSync } from "node:fs";
import { EnvoyError } from "@envoyscript/testkit";
import { ImportAuditError } from "./build/import-audit.ts";
import { EXIT, processIo, type Command, type CommandIo } from "./command.ts";
import { buildCommand } from "./commands/build.ts";
import { doctorCommand } from "./commands/doctor.ts";
import { newCommand } from "./commands/new.ts";
import { pullCommand, pushCommand } from "./commands/oci.ts";
import { provisionCommand } from "./commands/provision.ts";
import { runCommand } from "./commands/run.ts";
import { CliError } from "./errors.ts";
import { answerHelp, type HelpCatalog } from "./help.ts";
import { manifestCommandDefinition } from "./istio/index.ts";

/** Every command, in the order `envoyscript --help` lists them. */
export const COMMANDS: readonly Command[] = [newCommand, buildCommand, runCommand, pushCommand, pullCommand, manifestCommandDefinition, provisionCommand, doctorCommand];

/** This CLI's version (its package.json, one folder up from src/ and dist/ alike). */
export const CLI_VERSION: string = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;

export function mainUsage(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return `Usage: envoyscript <command> [options]

Write, test and ship Envoy proxy-wasm filters in AssemblyScript.

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join("\n")}

Run "envoyscript help <command>" (or "envoyscript <command> --help") for a command's options,
"envoyscript --version" for the version.
Exit codes: 0 success, 1 the operation failed, 2 bad usage.`;
}

/** The help texts and version, from the commands themselves. */
export function helpCatalog(): HelpCatalog {
  return { version: CLI_VERSION, usage: mainUsage(), commands: Object.fromEntries(COMMANDS.map((command) => [command.name, command.usage])) };
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: CommandIo = processIo): Promise<number> {
  const answered = answerHelp(argv, helpCatalog(), io);
  if (answered !== null) return answered;
  const [name, ...rest] = argv;
  return execute(COMMANDS.find((candidate) => candidate.name === name)!, rest, io);
}

/**
 * Runs one command and turns what it throws into the CLI's one-line error
 * and exit code; also for programs built on the CLI (the demo).
 */
export async function execute(command: Command, argv: string[], io: CommandIo = processIo): Promise<number> {
  try {
    return await command.run(argv, io);
  } catch (error) {
    return reportError(command.name, error, io);
  }
}

function reportError(command: string, error: unknown, io: CommandIo): number {
  if (error instanceof CliError) {
    io.stderr(`envoyscript ${command}: ${error.message}`);
    return error.exitCode;
  }
  if (error instanceof ImportAuditError || error instanceof EnvoyError) {
    io.stderr(`envoyscript ${command}: ${error.message}`);
    return EXIT.failed;
  }
  if (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
    io.stderr(`envoyscript ${command}: ${error.message}; run "envoyscript ${command} --help"`);
    return EXIT.usage;
  }
  io.stderr(`envoyscript ${command}: unexpected error: ${(error as Error).stack ?? String(error)}`);
  return EXIT.failed;
}
