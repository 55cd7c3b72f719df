import { parseArgs } from "node:util";
import path from "node:path";
import { buildProject, type BuildTarget } from "../build/build.ts";
import { EXIT, type Command } from "../command.ts";

export const buildCommand: Command = {
  name: "build",
  summary: "compile the project's AssemblyScript filters to wasm and audit their imports",
  usage: `Usage: envoyscript build [dir] [--target release|debug] [--if-changed]

Compiles every module listed in <dir>/envoyscript.json ({"modules": {"<name>": "<entry.ts>"}};
without that file: assembly/index.ts, named after the folder) with the shared preset of
@envoyscript/sdk, then checks each module's imports against what Envoy provides.

Writes build/<name>.wasm (release, optimised) and build/<name>.debug.wasm (debug, with names, and its source map build/<name>.debug.wasm.map).

Options:
  --target <t>   build only "release" or "debug" (default: both)
  --if-changed   skip a module built from the same sources, SDK and compiler (a SHA-256 of
                 them is kept in build/<file>.inputs-sha256); "npm test" of a new project uses it
  -h, --help     show this help

Exit codes: 0 built, 1 compile error or import audit failure, 2 bad usage.`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { target: { type: "string" }, "if-changed": { type: "boolean" } } });
    const targets: BuildTarget[] = values.target ? [values.target as BuildTarget] : ["release", "debug"];
    if (values.target && values.target !== "release" && values.target !== "debug") {
      io.stderr(`envoyscript build: --target must be "release" or "debug", got "${values.target}"`);
      return EXIT.usage;
    }
    const dir = path.resolve(positionals[0] ?? ".");
    for (const result of await buildProject(dir, targets, { ifChanged: values["if-changed"] === true })) {
      const file = path.relative(process.cwd(), result.file) || result.file;
      io.stderr(result.upToDate ? `up to date ${file} (${result.target}, sources unchanged)` : `built ${file} (${result.target}, ${result.bytes} bytes, imports audited)`);
    }
    return EXIT.ok;
  },
};
