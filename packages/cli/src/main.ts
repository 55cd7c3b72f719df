import { EnvoyError } from "@envoyscript/testkit";
import { ImportAuditError } from "./build/import-audit.ts";
import { EXIT, processIo, type Command, type CommandIo } from "./command.ts";
import { buildCommand } from "./commands/build.ts";
import { demoCommand } from "./commands/demo.ts";
import { doctorCommand } from "./commands/doctor.ts";
import { newCommand } from "./commands/new.ts";
import { pullCommand, pushCommand } from "./commands/oci.ts";
import { provisionCommand } from "./commands/provision.ts";
import { runCommand } from "./commands/run.ts";
import { CliError } from "./errors.ts";
import { manifestCommandDefinition } from "./istio/index.ts";

/** Every command, in the order `envoyscript --help` lists them. */
export const COMMANDS: readonly Command[] = [newCommand, buildCommand, runCommand, pushCommand, pullCommand, manifestCommandDefinition, demoCommand, provisionCommand, doctorCommand];

export function mainUsage(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return `Usage: envoyscript <command> [options]

Write, test and ship Envoy proxy-wasm filters in AssemblyScript.

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join("\n")}

Run "envoyscript <command> --help" for a command's options.
Exit codes: 0 success, 1 the operation failed, 2 bad usage.`;
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: CommandIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(mainUsage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr(`envoyscript: unknown command "${name}"; run "envoyscript --help" for the list`);
    return EXIT.usage;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(command.usage);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
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
