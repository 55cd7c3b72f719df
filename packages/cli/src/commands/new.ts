import path from "node:path";
import { parseArgs } from "node:util";
import { EXIT, type Command } from "../command.ts";
import { scaffoldProject } from "../scaffold/scaffold.ts";

export const newCommand: Command = {
  name: "new",
  summary: "create a filter project (SDK, testkit, build config, envoy.yaml, a test on both backends)",
  usage: `Usage: envoyscript new <dir> [--no-link]

Creates a filter project in <dir>, named after the folder: assembly/index.ts (a filter that adds
a configured response header and counts requests), config.json, envoyscript.json, envoy.yaml,
a test that runs on the in-process emulator and in real Envoy, and a README.

Its dependencies (@envoyscript/sdk, @envoyscript/testkit, @envoyscript/cli, assemblyscript, vitest)
are linked from this envoyscript installation, so "npm test" works at once, offline.

Options:
  --no-link    do not link dependencies (run "npm install" in the project yourself)

Exit codes: 0 created, 1 could not write, 2 bad usage (no <dir>, folder not empty, bad name).`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { "no-link": { type: "boolean" } } });
    if (positionals.length !== 1) {
      io.stderr(`envoyscript new: give exactly one folder, e.g. "envoyscript new my-filter"`);
      return EXIT.usage;
    }
    const result = scaffoldProject(positionals[0], { link: !values["no-link"] });
    io.stderr(`created ${result.name} in ${result.dir} (${result.files.length} files${result.linked.length ? ", dependencies linked" : ""})`);
    io.stdout(`Next:\n  cd ${path.relative(process.cwd(), result.dir) || "."}\n  npm test     # build, then test on the emulator and in real Envoy\n  npm start    # run it in Envoy`);
    return EXIT.ok;
  },
};
