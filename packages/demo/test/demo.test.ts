// The main job (`npm start` runs the demo): every curl it prints
// gives the answer its `# expect:` comment documents. In real Envoy the
// printed lines are run as they are with sh and curl; on the emulator the
// same tour runs in-process (no Envoy needed). Also: a filter that refuses
// its configuration or a missing module stops the demo with a clear message.
import { execFile, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emulator, emulatorBackend, Host, processesOfRun, realEnvoySkipped, type ClusterHandler } from "@envoyscript/testkit";
import { execute, type CommandIo } from "@envoyscript/cli";
import { assertConfigurationsAccepted } from "../src/config-check.ts";
import { renderCurlList } from "../src/curl-list.ts";
import { demoCommand } from "../src/demo.ts";
import { demoCurls } from "../src/demo-curls.ts";
import { demoFilters } from "../src/demo-envoy.ts";
import { mintDemoIdentity } from "../src/demo-tokens.ts";
import { CANARY_SPLIT, DESTINATION_HEADER, faultInjectionConfig, routingHeadersConfig, USER_HEADER } from "../src/filter-configs.ts";
import { demoModules, filtersPackageDir, type DemoFilter } from "../src/filter-modules.ts";
import { REVIEWS_BACKENDS, reviewsReply } from "../src/reviews-service.ts";
import { stickyDestination } from "../src/sticky-bucket.ts";

const demoBin = fileURLToPath(new URL("../bin/envoyscript-demo.js", import.meta.url));
const run = promisify(execFile);

/** A printed expectation, read back from its comment: `# expect: 200; body has X; takes >= 1s`. */
interface Expectation {
  readonly status: number;
  readonly bodyHas: string[];
  readonly minSeconds: number | null;
}

function parseExpectation(comment: string): Expectation {
  const [status, ...clauses] = comment.split("; ");
  expect(status).toMatch(/^\d{3}$/);
  const bodyHas: string[] = [];
  let minSeconds: number | null = null;
  for (const clause of clauses) {
    const body = /^body has (.+)$/.exec(clause);
    const takes = /^takes >= ([\d.]+)s$/.exec(clause);
    if (body) bodyHas.push(body[1]);
    else if (takes) minSeconds = Number(takes[1]);
    else throw new Error(`unknown expectation clause "${clause}" in "# expect: ${comment}"`);
  }
  return { status: Number(status), bodyHas, minSeconds };
}

/** Every printed `curl ...   # expect: ...` line, split into the command and its expectation. */
function printedCurls(stdout: string): { command: string; expected: Expectation }[] {
  return stdout
    .split("\n")
    .filter((line) => line.includes("# expect: "))
    .map((line) => {
      const at = line.lastIndexOf("   # expect: ");
      return { command: line.slice(0, at).trim(), expected: parseExpectation(line.slice(at + "   # expect: ".length)) };
    });
}

/** curl's output: the body, then `-> <status> in <seconds>s`. */
function checkOutput(output: string, expected: Expectation, command: string): void {
  const tail = /\n?-> (\d{3}) in ([\d.]+)s\n?$/.exec(output);
  expect(tail, `output of ${command}:\n${output}`).not.toBeNull();
  expect(Number(tail![1]), `status of ${command}:\n${output}`).toBe(expected.status);
  for (const fragment of expected.bodyHas) expect(output, command).toContain(fragment);
  if (expected.minSeconds !== null) expect(Number(tail![2])).toBeGreaterThanOrEqual(expected.minSeconds);
}

/** The headers (`-H 'name: value'`) and the URL (last quoted word) of a printed curl. */
function curlRequest(command: string): { path: string; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  for (const match of command.matchAll(/-H '([^':]+): ([^']*)'/g)) headers[match[1].toLowerCase()] = match[2];
  const url = new URL([...command.matchAll(/'([^']*)'/g)].at(-1)![1]);
  return { path: url.pathname, headers };
}

describe("the demo: the tour on the emulator", () => {
  let modules: Record<DemoFilter, string>;
  beforeAll(() => {
    modules = demoModules();
  });

  it("the side printed for each sticky user is the one the routing filter picks", async () => {
    const routingOnly = { filters: [{ module: modules["routing-headers"], rootId: "routing-headers", configuration: routingHeadersConfig() }] };
    const target = await emulatorBackend.start({ ...routingOnly, upstreams: reviewsUpstreams(), clusterHeader: DESTINATION_HEADER });
    const identity = mintDemoIdentity();
    const sticky = demoCurls("http://127.0.0.1:1", identity).filter((curl) => /sticky on/.test(curl.title));
    expect(sticky.length).toBeGreaterThan(0);
    for (const curl of sticky) {
      const user = /^(\S+)'s token/.exec(curl.title)![1];
      const answer = await target.request({ path: "/reviews", headers: { [USER_HEADER]: user } });
      for (const fragment of curl.expect.bodyHas ?? []) expect(answer.body).toContain(fragment);
    }
    // Beyond the two demo users: the demo's copy of the hash agrees with the filter's for many keys.
    for (let i = 0; i < 40; i++) {
      const user = `user-${i}`;
      const answer = JSON.parse((await target.request({ path: "/reviews", headers: { [USER_HEADER]: user } })).body) as { version: string };
      expect(`reviews-${answer.version}`).toBe(stickyDestination(user, CANARY_SPLIT));
    }
  });

  it("every printed curl gets its documented answer from the chained filters (virtual time)", async () => {
    const identity = mintDemoIdentity();
    const host = new Host({ logLevel: "info", node: { metadata: { WORKLOAD_NAME: "reviews" } as never } });
    const plugins = [];
    for (const filter of demoFilters(modules, identity)) {
      const vm = await host.loadVm({ wasm: filter.module });
      plugins.push(vm.configurePlugin({ name: filter.rootId, rootId: filter.rootId!, configuration: JSON.stringify(filter.configuration) }));
    }
    const chain = host.chain(plugins);
    const upstreams: Record<string, emulator.UpstreamHandler> = Object.fromEntries(
      REVIEWS_BACKENDS.map(({ cluster, version }) => [cluster, (request: emulator.UpstreamRequest) => reviewsReply(version, request.path, request.headers[USER_HEADER])]),
    );
    const curls = printedCurls(renderCurlList(demoCurls("http://127.0.0.1:10000", identity)).join("\n"));
    expect(new Set(curls.map((curl) => curl.expected.status))).toEqual(new Set([200, 401, 403, 503]));
    for (const { command, expected } of curls) {
      const { path: requestPath, headers } = curlRequest(command);
      const started = host.clock.elapsedMs();
      const answer = await chain.request(
        { method: "GET", path: requestPath, authority: "127.0.0.1:10000", headers },
        { upstream: upstreams[REVIEWS_BACKENDS[0].cluster], routes: { header: DESTINATION_HEADER, upstreams } },
      );
      const seconds = (host.clock.elapsedMs() - started) / 1000;
      checkOutput(`${answer.body}\n-> ${answer.status} in ${seconds}s\n`, expected, command);
    }
  });
});

function reviewsUpstreams(): Record<string, ClusterHandler> {
  return Object.fromEntries(REVIEWS_BACKENDS.map(({ cluster, version }) => [cluster, (request) => reviewsReply(version, request.path, request.headers[USER_HEADER])]));
}

describe("the demo: failing clearly", () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "envoyscript-demo-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("a filter that refuses its configuration stops the demo, naming the filter and the field", async () => {
    const module = path.join(filtersPackageDir(), "build", "fault-injection.wasm");
    const broken = { ...faultInjectionConfig(), faults: [{ abort: { httpStatus: 700 } }] };
    const refusal = assertConfigurationsAccepted([{ rootId: "fault-injection", module, configuration: broken }]);
    await expect(refusal).rejects.toMatchObject({ code: "E_DEMO_CONFIG_REFUSED" });
    await expect(refusal).rejects.toThrow(/fault-injection \(.*\): .*httpStatus.*700/);
  });

  it("a module that cannot be loaded is reported, not dropped", async () => {
    const notWasm = path.join(scratch, "not-a-module.wasm");
    writeFileSync(notWasm, "not wasm");
    await expect(assertConfigurationsAccepted([{ rootId: "telemetry", module: notWasm, configuration: {} }])).rejects.toThrow(/telemetry .*could not be loaded/);
  });

  it("a filters project without one of the four modules stops the demo naming it", async () => {
    const project = path.join(scratch, "filters");
    mkdirSync(project, { recursive: true });
    writeFileSync(path.join(project, "envoyscript.json"), JSON.stringify({ modules: { telemetry: "assembly/telemetry/index.ts" } }));
    expect(() => demoModules(project)).toThrow(expect.objectContaining({ code: "E_DEMO_MODULE_MISSING", message: expect.stringContaining('"jwt-authz"') }));
  });

  it("a module that was never built stops the demo saying how to build it", () => {
    const project = path.join(scratch, "unbuilt");
    mkdirSync(project, { recursive: true });
    const modules = Object.fromEntries(["telemetry", "jwt-authz", "fault-injection", "routing-headers"].map((name) => [name, `assembly/${name}/index.ts`]));
    writeFileSync(path.join(project, "envoyscript.json"), JSON.stringify({ modules }));
    expect(() => demoModules(project)).toThrow(expect.objectContaining({ code: "E_DEMO_MODULE_MISSING", message: expect.stringMatching(/telemetry\.wasm", which is not built: run "npm start"/) }));
  });

  it("a bad --port exits 2 and says what it takes", async () => {
    const err: string[] = [];
    const io: CommandIo = { stdout: () => undefined, stderr: (text) => void err.push(text) };
    expect(await execute(demoCommand, ["--port", "ten"], io)).toBe(2);
    expect(err.join("\n")).toMatch(/--port must be a port number .* got "ten"/);
  });
});

describe.skipIf(realEnvoySkipped())("npm start (the demo) in real Envoy", () => {
  it("prints curls that all give their documented answers, serves Prometheus metrics, and stops cleanly on SIGTERM", { timeout: 300_000 }, async () => {
    const child = spawn(process.execPath, [demoBin, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      await Promise.race([
        new Promise<void>((resolve) => {
          const timer = setInterval(() => {
            if (!stdout.includes("Press Ctrl-C to stop.")) return;
            clearInterval(timer);
            resolve();
          }, 100);
        }),
        exit.then((code) => Promise.reject(new Error(`demo exited early with ${code}:\n${stderr}\n${stdout}`))),
      ]);
      const runDir = /logs:\s+(\S+)\/stderr\.log/.exec(stdout)![1];

      const curls = printedCurls(stdout);
      expect(new Set(curls.map((curl) => curl.expected.status))).toEqual(new Set([200, 401, 403, 503]));
      for (const { command, expected } of curls) {
        expect(command).toMatch(/^curl /);
        const { stdout: output } = await run("/bin/sh", ["-c", command], { env: { ...process.env, PATH: `/usr/bin:${process.env.PATH ?? ""}` } });
        checkOutput(output, expected, command);
      }

      const prometheusUrl = /Prometheus metrics[^:]*: (http\S+\/stats\/prometheus)/.exec(stdout)![1];
      const prometheus = await fetch(prometheusUrl);
      expect(prometheus.status).toBe(200);
      const metrics = await prometheus.text();
      for (const code of [200, 401, 403, 503]) expect(metrics).toMatch(new RegExp(`^envoyscript_requests_total\\{response_code="${code}",[^}]*\\} [1-9]`, "m"));
      const grepLine = stdout.split("\n").find((line) => line.includes("/stats/prometheus | grep"))!.trim();
      const { stdout: grepped } = await run("/bin/sh", ["-c", grepLine]);
      expect(grepped.trim().split("\n").every((line) => line.startsWith("envoyscript_requests_total{"))).toBe(true);

      child.kill("SIGTERM");
      expect(await exit).toBe(0);
      expect(processesOfRun(runDir)).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
