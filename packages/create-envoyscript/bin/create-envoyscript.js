#!/usr/bin/env node
// npm create envoyscript@latest <dir>: the scaffold of `envoyscript new <dir>`,
// taken from the CLI this package depends on, so both write the same project.
import { parseArgs } from "node:util";
import { CliError } from "@envoyscript/cli/errors";
import { nextSteps, scaffoldProject } from "@envoyscript/cli/scaffold";

const USAGE = `Usage: npm create envoyscript@latest <dir> [-- --no-install]

Creates an Envoy proxy-wasm filter project in <dir> (AssemblyScript, built with
@envoyscript/cli, tested with @envoyscript/testkit on an in-process emulator and in
a real Envoy), then runs npm install in it. Next: cd <dir> && npm test.

Options:
  --no-install   write the files only (run "npm install" in the project yourself)
  -h, --help     show this help

Exit codes: 0 created, 1 could not write or npm install failed, 2 bad usage (no <dir>,
folder not empty, bad name).`;

function create(argv) {
  const options = { help: { type: "boolean", short: "h" }, "no-install": { type: "boolean" } };
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    process.stderr.write(`create-envoyscript: give exactly one folder, e.g. "npm create envoyscript@latest my-filter"\n`);
    return 2;
  }
  const result = scaffoldProject(positionals[0], { install: !values["no-install"] });
  process.stderr.write(`created ${result.name} in ${result.dir} (${result.files.length} files${result.installed ? ", dependencies installed" : ""})\n`);
  process.stdout.write(`${nextSteps(result)}\n`);
  return 0;
}

try {
  process.exitCode = create(process.argv.slice(2));
} catch (error) {
  const usage = error instanceof TypeError && String(error.code).startsWith("ERR_PARSE_ARGS");
  if (!(error instanceof CliError) && !usage) throw error;
  process.stderr.write(`create-envoyscript: ${error.message}\n`);
  process.exitCode = usage ? 2 : error.exitCode;
}
