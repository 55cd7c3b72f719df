// `envoyscript run`'s clusters: named upstreams (the first is the default
// route), the echo upstream as "echo", each also under Istio's
// `outbound|<port>||<host>` name, and the route header that picks one; and a
// user's own bootstrap with the filter inserted before its routers.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { processesOfRun, realEnvoySkipped, startUpstream, type EchoedRequest, type UpstreamServer } from "@envoyscript/testkit";
import { main } from "../src/index.ts";
import { RunProcess, runToExit, type RunReady } from "./support/run-process.ts";

const greeter = inject("greeter");
const scratch = mkdtempSync(path.join(tmpdir(), "envoyscript-run-upstreams-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function answeredBy(url: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(url, { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get("x-greeter")).toBe("hello from greeter");
  return ((await response.json()) as EchoedRequest).upstream;
}

describe.skipIf(realEnvoySkipped())("envoyscript run --upstream <name>=<url>", () => {
  let v1: UpstreamServer;
  let v2: UpstreamServer;
  let run: RunProcess;
  let ready: RunReady;
  beforeAll(async () => {
    v1 = await startUpstream("v1");
    v2 = await startUpstream("v2");
    run = new RunProcess(["--filter", greeter.module, "--config", greeter.config, "--port", "0", "--upstream", `v1=${v1.url}`, "--upstream", `v2=http://localhost:${v2.port}`]);
    ready = await run.ready();
  });
  afterAll(async () => {
    await run?.stop();
    await v1?.close();
    await v2?.close();
  });

  it("routes to the first upstream by default and to the cluster x-route-destination names", async () => {
    const [listener] = ready.listeners;
    expect(await answeredBy(`${listener}/`)).toBe("v1");
    expect(await answeredBy(`${listener}/`, { "x-route-destination": "v2" })).toBe("v2");
    expect(await answeredBy(`${listener}/`, { "x-route-destination": "echo" })).toBe("echo");
    expect((await fetch(`${listener}/`, { headers: { "x-route-destination": "nowhere" } })).status).toBe(503);
  });

  it("names each upstream also as Istio does, outbound|<port>||<host>, with the host as written", async () => {
    const [listener] = ready.listeners;
    expect(await answeredBy(`${listener}/`, { "x-route-destination": `outbound|${v1.port}||127.0.0.1` })).toBe("v1");
    expect(await answeredBy(`${listener}/`, { "x-route-destination": `outbound|${v2.port}||localhost` })).toBe("v2");
  });

  it("stops on Ctrl-C with Envoy and the echo upstream gone", async () => {
    const echoPort = await echoPortOf(ready);
    expect((await fetch(`http://127.0.0.1:${echoPort}/`)).status).toBe(200);
    const exit = await run.stop("SIGINT");
    expect(exit.code).toBe(0);
    expect(processesOfRun(ready.runDir)).toEqual([]);
    await expect(fetch(`http://127.0.0.1:${echoPort}/`)).rejects.toThrow();
  });
});

/** The echo upstream's port, from the cluster Envoy was given. */
async function echoPortOf(ready: RunReady): Promise<number> {
  const clusters = (await (await fetch(`${ready.admin}/clusters?format=json`)).json()) as {
    cluster_statuses: { name: string; host_statuses?: { address: { socket_address: { port_value: number } } }[] }[];
  };
  const echo = clusters.cluster_statuses.find((cluster) => cluster.name === "echo");
  return echo!.host_statuses![0].address.socket_address.port_value;
}

describe("envoyscript run --upstream usage", () => {
  it.each([
    [["--upstream", "echo=http://127.0.0.1:1"], 'the name "echo" is the echo upstream\'s'],
    [["--upstream", "a=http://127.0.0.1:1", "--upstream", "a=http://127.0.0.1:2"], '--upstream "a" is given twice'],
    [["--upstream", "https://example.com"], "plain HTTP"],
    [["--upstream", "a=not a url"], "--upstream wants [<name>=]http://<host>:<port>"],
    [["--envoy-config", "envoy.yaml", "--port", "0"], "leave out --upstream, --port and --gateway"],
  ])("%j exits 2: %s", async (args, message) => {
    const stderr: string[] = [];
    expect(await main(["run", "--filter", greeter.module, ...args], { stdout: () => undefined, stderr: (text) => void stderr.push(text) })).toBe(2);
    expect(stderr.join("\n")).toContain(message);
  });
});

describe.skipIf(realEnvoySkipped())("envoyscript run --envoy-config", () => {
  const manager = (name: string, routerLast: string) => `
      - name: envoy.filters.network.http_connection_manager
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
          stat_prefix: ${name}
          route_config:
            virtual_hosts:
            - name: all
              domains: ["*"]
              routes: [{ match: { prefix: "/" }, route: { cluster: backend } }]
              response_headers_to_add: [{ header: { key: x-listener, value: ${name} } }]
          http_filters:${routerLast}`;
  const router = `
          - name: envoy.filters.http.router
            typed_config: { "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router }`;

  it("inserts the filter before the router of every HTTP connection manager of the user's bootstrap", async () => {
    const backend = await startUpstream("backend");
    const bootstrap = path.join(scratch, "two-listeners.yaml");
    writeFileSync(
      bootstrap,
      `static_resources:
  listeners:
  - name: public
    address: { socket_address: { address: 127.0.0.1, port_value: 0 } }
    filter_chains:
    - filters:${manager("public", router)}
  - name: internal
    address: { socket_address: { address: 127.0.0.1, port_value: 0 } }
    filter_chains:
    - filters:${manager("internal", router)}
  clusters:
  - name: backend
    type: STATIC
    load_assignment:
      cluster_name: backend
      endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: ${backend.port} } } } }] }]
`,
    );
    const run = new RunProcess(["--filter", greeter.module, "--config", greeter.config, "--envoy-config", bootstrap]);
    try {
      const ready = await run.ready();
      expect(ready.listeners).toHaveLength(2);
      for (const [index, listener] of ready.listeners.entries()) {
        const response = await fetch(`${listener}/`);
        expect(response.headers.get("x-greeter")).toBe("hello from greeter");
        expect(response.headers.get("x-listener")).toBe(["public", "internal"][index]);
        expect(((await response.json()) as EchoedRequest).upstream).toBe("backend");
      }
      expect(run.stdout).toMatch(/listener: http:\/\/127\.0\.0\.1:\d+ {3}\(public\)/);
    } finally {
      await run.stop();
      await backend.close();
    }
  });

  it("refuses a bootstrap without an HTTP connection manager", async () => {
    const bootstrap = path.join(scratch, "tcp-only.yaml");
    writeFileSync(bootstrap, "static_resources:\n  listeners: []\n  clusters: []\n");
    const exit = await runToExit(["--filter", greeter.module, "--envoy-config", bootstrap]);
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain(`--envoy-config "${bootstrap}" has no HTTP connection manager`);
  });
});
