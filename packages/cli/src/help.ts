import { EXIT, type CommandIo } from "./command.ts";

/**
 * Everything `--help`, `help <command>` and `--version` print, as plain text:
 * answering from it needs none of the commands' code. The build writes it to
 * dist/help.json (from {@link import("./main.ts").helpCatalog}) for the bin
 * script, so those answers skip loading the CLI.
 */
export interface HelpCatalog {
  readonly version: string;
  /** `envoyscript --help`. */
  readonly usage: string;
  /** Command name to its `--help` text, in the order `--help` lists them. */
  readonly commands: Readonly<Record<string, string>>;
}

export const HELP_CATALOG_FILE = "help.json";

/**
 * Answers `argv` when it asks for help, the version, or names no known
 * command; returns the exit code, or null when `argv` is a command to run.
 */
export function answerHelp(argv: readonly string[], catalog: HelpCatalog, io: CommandIo): number | null {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stdout(catalog.usage);
    return EXIT.usage;
  }
  if (name === "--help" || name === "-h") {
    io.stdout(catalog.usage);
    return EXIT.ok;
  }
  if (name === "--version" || name === "-v") {
    io.stdout(catalog.version);
    return EXIT.ok;
  }
  if (name === "help") return helpOn(rest[0], catalog, io);
  if (!Object.hasOwn(catalog.commands, name)) {
    io.stderr(`envoyscript: unknown command "${name}"; run "envoyscript --help" for the list`);
    return EXIT.usage;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(catalog.commands[name]);
    return EXIT.ok;
  }
  return null;
}

/** `envoyscript help [command]`. */
function helpOn(name: string | undefined, catalog: HelpCatalog, io: CommandIo): number {
  if (name === undefined) {
    io.stdout(catalog.usage);
    return EXIT.ok;
  }
  if (!Object.hasOwn(catalog.commands, name)) {
    io.stderr(`envoyscript help: unknown command "${name}"; run "envoyscript --help" for the list`);
    return EXIT.usage;
  }
  io.stdout(catalog.commands[name]);
  return EXIT.ok;
}
