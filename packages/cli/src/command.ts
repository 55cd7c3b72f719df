/** Where a command writes: stdout for results, stderr for progress and errors. */
export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** One `envoyscript <name>` command. */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Full `--help` text: usage line, options with defaults, exit codes. */
  readonly usage: string;
  /** Runs the command; resolves to the process exit code. */
  run(argv: string[], io: CommandIo): Promise<number>;
}

/** Exit codes scripts can rely on. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export const processIo: CommandIo = {
  stdout: (text) => void process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
  stderr: (text) => void process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
};
