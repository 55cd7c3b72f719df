/**
 * An error the CLI reports as one line and an exit code, without a stack:
 * the message quotes the offending value and says what to do.
 */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** Process exit code. 1: the operation failed; 2: the command line was wrong. */
    readonly exitCode: number = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}
