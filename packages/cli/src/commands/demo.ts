import path from "node:path";
import { projectRoot } from "@envoyscript/testkit";
import { buildProject } from "../build/build.ts";
import { EXIT, type Command } from "../command.ts";
import { resolveUpstream, startAndAnnounce, stopSignal } from "../run/session.ts";

export const demoCommand: Command = {
  name: "demo",
  summary: "the main job (npm start): build the filters and run them in a real Envoy, printing curls to try",
  usage: `Usage: envoyscript demo [--port <n>]

Builds the repository's filters, runs them chained in a real Envoy (through func-e) in front
of a demo upstream, and prints ready-to-paste curl commands. Stops on Ctrl-C or SIGTERM.

Options:
  --port <n>   listener port (default 10000; 0 picks a free one)

Exit codes: 0 stopped by a signal, 1 a build or Envoy failed.`,
  async run(argv, io) {
    const portFlag = argv.indexOf("--port");
    const port = portFlag >= 0 ? Number(argv[portFlag + 1]) : 10000;
    const root = projectRoot();
    const helloDir = path.join(root, "examples", "hello");
    io.stderr("building examples/hello ...");
    await buildProject(helloDir, ["release"]);
    const { upstream, server } = await resolveUpstream(null);
    const envoy = await startAndAnnounce(
      {
        filters: [{ wasm: { module: path.join(helloDir, "build", "hello.wasm"), rootId: "hello", configuration: { greeting: "envoyscript" } } }],
        upstreams: [upstream],
        listenerPort: port,
      },
      io,
    );
    io.stdout("");
    io.stdout("Try:");
    io.stdout(`  curl -i ${envoy.listenerUrl}/hello     # the response carries "x-hello: envoyscript"`);
    io.stdout("");
    io.stdout("Press Ctrl-C to stop.");
    await stopSignal();
    await envoy.stop();
    await server?.close();
    return EXIT.ok;
  },
};
