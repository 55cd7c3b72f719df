import { EXIT, startAndAnnounce, stopSignal, type Command, type CommandIo } from "@envoyscript/cli";
import type { EnvoyInstance } from "@envoyscript/testkit";
import { assertConfigurationsAccepted } from "./config-check.ts";
import { renderCurlJsonLines, renderCurlList } from "./curl-list.ts";
import { parseDemoArgs } from "./demo-args.ts";
import { demoCurls } from "./demo-curls.ts";
import { demoEnvoyOptions, demoFilters } from "./demo-envoy.ts";
import { DEMO_AUDIENCE, DEMO_ISSUER, DEMO_USERS, mintDemoIdentity, type DemoIdentity } from "./demo-tokens.ts";
import { demoModules } from "./filter-modules.ts";
import { startReviewsService } from "./reviews-service.ts";

/** The telemetry filter's request counter, as /stats/prometheus names it. */
export const DEMO_REQUEST_COUNTER = "envoyscript_requests_total";

export const demoCommand: Command = {
  name: "demo",
  summary: "the main job (npm start): the four filters chained in a real Envoy, with curls to try",
  usage: `Usage: npm start [-- [--port <n>] [--json]]   (from the repository root)
       envoyscript-demo [--port <n>] [--json]

Runs the four filters of @envoyscript/filters (npm start builds them first) chained in a real Envoy
(through func-e): telemetry, jwt-authz, fault-injection, routing-headers, in front of a demo
"reviews" service with two backends, reviews-v1 and reviews-v2. Mints an RS256 key pair and
tokens for two demo users (kept in memory only), then prints ready-to-paste curl commands, each
with its expected answer: canary routing (90/10, sticky per user, opt-in by header or cookie),
an injected abort and delay, allowed and denied requests, and the Prometheus metrics URL.
Stops on Ctrl-C or SIGTERM.

Options:
  --port <n>   listener port (default 10000; 0 picks a free one)
  --json       print the curl commands as JSON lines ({n, title, command, expect}) for scripts
  -h, --help   show this help

Exit codes: 0 stopped by a signal, 1 a filter module is missing, a filter configuration or Envoy failed, 2 bad usage.`,
  async run(argv, io) {
    const args = parseDemoArgs(argv);
    const modules = demoModules();
    const identity = mintDemoIdentity();
    const filters = demoFilters(modules, identity);
    await assertConfigurationsAccepted(filters.map((filter) => ({ rootId: filter.rootId!, module: filter.module, configuration: filter.configuration as Record<string, unknown> })));
    const service = await startReviewsService();
    let envoy: EnvoyInstance;
    try {
      envoy = await startAndAnnounce(demoEnvoyOptions(filters, service, args.port), io);
    } catch (error) {
      await service.close();
      throw error;
    }
    printTour(envoy, identity, args.json, io);
    const ending = await Promise.race([stopSignal().then((signal) => ({ signal })), envoyExit(envoy)]);
    if ("signal" in ending) io.stderr(`${ending.signal}: stopping Envoy and the reviews backends`);
    else io.stderr(`Envoy stopped on its own; log tail:\n${envoy.logTail()}`);
    await envoy.stop();
    await service.close();
    return "signal" in ending ? EXIT.ok : EXIT.failed;
  },
};

function printTour(envoy: EnvoyInstance, identity: DemoIdentity, json: boolean, io: CommandIo): void {
  const curls = demoCurls(envoy.listenerUrl, identity);
  io.stdout("");
  io.stdout(`chain:    telemetry -> jwt-authz -> fault-injection -> routing-headers -> reviews-v1 | reviews-v2`);
  io.stdout(`tokens:   ${DEMO_USERS.map((user) => `${user.sub} (group ${user.group})`).join(", ")}; issuer ${DEMO_ISSUER}, audience ${DEMO_AUDIENCE}, RS256 key minted now`);
  io.stdout("");
  if (json) {
    for (const line of renderCurlJsonLines(curls)) io.stdout(line);
  } else {
    io.stdout("Try (each command prints the body, then the status; the comment is the expected answer):");
    io.stdout("");
    for (const line of renderCurlList(curls)) io.stdout(line);
  }
  io.stdout(`Prometheus metrics (telemetry's labelled request counter and histograms): ${envoy.adminUrl}/stats/prometheus`);
  io.stdout(`    curl -s ${envoy.adminUrl}/stats/prometheus | grep '^${DEMO_REQUEST_COUNTER}'`);
  io.stdout("");
  io.stdout("Press Ctrl-C to stop.");
}

/** Resolves when Envoy exits without being asked to. */
function envoyExit(envoy: EnvoyInstance): Promise<{ exited: true }> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (!envoy.exited) return;
      clearInterval(timer);
      resolve({ exited: true });
    }, 500);
    timer.unref();
  });
}
