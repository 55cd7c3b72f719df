import { parseArgs } from "node:util";
import { EXIT, type Command } from "../command.ts";
import { nextSteps, scaffoldProject } from "../scaffold/scaffold.ts";

export const newCommand: Command = {
  name: "new",
  summary: "create a filter project (SDK, testkit, build config, envoy.yaml, a test on both backends)",
  usage: `Usage: envoyscript new <dir> [--no-install]

Creates a filter project in <dir>, named after the folder: assembly/index.ts (a filter that adds
a configured response header and counts requests), config.json, envoyscript.json, envoy.yaml,
a test that runs on the in-process emulator and in real Envoy, and a README.
The same scaffold as "npm create envoyscript@latest <dir>".

Its package.json depends on this release of @envoyscript/sdk, @envoyscript/testkit and
@envoyscript/cli (caret ranges), assemblyscript and vitest, which "npm install" then installs
from the npm registry.

Options:
  --no-install   write the files only (run "npm install" in the project yourself)
  -h, --help     show this help

Exit codes: 0 created, 1 could not write or npm install failed, 2 bad usage (no <dir>, folder not
empty, bad name).`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { "no-install": { type: "boolean" } } });
    if (positionals.length !== 1) {
      io.stderr(`envoyscript new: give exactly one folder, e.g. "envoyscript new my-filter"`);
      return EXIT.usage;
    }
    io.stderr(`creating ${positionals[0]}${values["no-install"] ? "" : ", then npm install"} ...`);
    const result = scaffoldProject(positionals[0], { install: !values["no-install"] });
    io.stderr(`created ${result.name} in ${result.dir} (${result.files.length} files${result.installed ? ", dependencies installed" : ""})`);
    io.stdout(nextSteps(result));
    return EXIT.ok;
  },
};
