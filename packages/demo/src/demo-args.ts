import { parseArgs } from "node:util";
import { CliError, EXIT } from "@envoyscript/cli";

export interface DemoArgs {
  /** Listener port; 0 picks a free one. */
  readonly port: number;
  /** Print the curl list as JSON lines instead of the numbered list. */
  readonly json: boolean;
}

export const DEFAULT_DEMO_PORT = 10000;

/** Parses the demo's options; a malformed one exits 2 (parseArgs' TypeError or a CliError). */
export function parseDemoArgs(argv: string[]): DemoArgs {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: "string" }, json: { type: "boolean" } },
    strict: true,
    allowPositionals: false,
  });
  return { port: parsePort(values.port), json: values.json ?? false };
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return DEFAULT_DEMO_PORT;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) {
    throw new CliError("E_USAGE", `--port must be a port number from 0 to 65535 (0 picks a free one), got "${text}"`, EXIT.usage);
  }
  return port;
}
