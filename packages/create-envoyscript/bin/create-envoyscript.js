#!/usr/bin/env node
// npm create envoyscript@latest <dir>: the scaffold of `envoyscript new <dir>`,
// taken from the CLI this package depends on (so both write the same project).
import { parseArgs } from "node:util";
import { CliError } from "@envoyscript/cli/errors";
import { nextSteps, scaffoldProject } from "@envoyscript/cli/scaffold";

const USAGE = `Usage: npm create envoyscript@latest <dir>

Creates an Envoy proxy-wasm filter project in <dir> (AssemblyScript, built with
@envoyscript/cli, tested with @envoyscript/testkit on an in-process emulator and in
a real Envoy). Then: cd <dir> && npm install && npm test.

Exit codes: 0 created, 1 could not write, 2 bad usage (no <dir>, folder not empty, bad name).`;

function create(argv) {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { help: { type: "boolean", short: "h" } } });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    process.stderr.write(`create-envoyscript: give exactly one folder, e.g. "npm create envoyscript@latest my-filter"\n`);
    return 2;
  }
  const result = scaffoldProject(positionals[0]);
  process.stderr.write(`created ${result.name} in ${result.dir} (${result.files.length} files)\n`);
  process.stdout.write(`${nextSteps(result.dir)}\n`);
  return 0;
}

try {
  process.exitCode = create(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof CliError) && !(error instanceof TypeError && String(error.code).startsWith("ERR_PARSE_ARGS"))) throw error;
  process.stderr.write(`create-envoyscript: ${error.message}\n`);
  process.exitCode = error instanceof CliError ? error.exitCode : 2;
}
