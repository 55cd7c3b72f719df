import { parseArgs } from "node:util";
import { EXIT, type Command } from "../command.ts";
import { nextSteps, scaffoldProject } from "../scaffold/scaffold.ts";

export const newCommand: Command = {
  name: "new",
  summary: "create a filter project (SDK, testkit, build config, envoy.yaml, a test on both backends)",
  usage: `Usage: envoyscript new <dir>

Creates a filter project in <dir>, named after the folder: assembly/index.ts (a filter that adds
a configured response header and counts requests), config.json, envoyscript.json, envoy.yaml,
a test that runs on the in-process emulator and in real Envoy, and a README.
The same scaffold as "npm create envoyscript@latest <dir>".

Its package.json depends on this release of @envoyscript/sdk, @envoyscript/testkit and
@envoyscript/cli (caret ranges), assemblyscript and vitest, from the npm registry: run
"npm install" in the project, then "npm test".

Exit codes: 0 created, 1 could not write, 2 bad usage (no <dir>, folder not empty, bad name).`,
  async run(argv, io) {
    const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
    if (positionals.length !== 1) {
      io.stderr(`envoyscript new: give exactly one folder, e.g. "envoyscript new my-filter"`);
      return EXIT.usage;
    }
    const result = scaffoldProject(positionals[0]);
    io.stderr(`created ${result.name} in ${result.dir} (${result.files.length} files)`);
    io.stdout(nextSteps(result.dir));
    return EXIT.ok;
  },
};
