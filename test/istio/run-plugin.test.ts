// `envoyscript run --plugin` with TrafficExtensions, end to end with real
// pieces: the module is pushed to Debian's docker-registry behind htpasswd
// auth, the TrafficExtension pulls it with an imagePullSecret (a
// kubernetes.io/dockerconfigjson Secret in the same file) pinned to the
// manifest digest, and the CLI runs it in real Envoy as a sidecar's inbound
// listener would get it: match ports, FAIL_RELOAD, vmConfig.env INLINE and
// HOST, and a type NETWORK extension (examples/tcp-filter) in front of the HTTP
// connection manager.
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { realEnvoySkipped } from "@envoyscript/testkit";
import { pushModule, type PushResult } from "../../packages/cli/src/oci/index.ts";
import { useRegistry } from "../../packages/cli/test/oci/registry-fixture.ts";
import { REPO_ROOT } from "./support/paths.ts";

const ALICE = { username: "alice", password: "s3cret-wasm" };
const registry = useRegistry({ htpasswd: ALICE });
const scratch = mkdtempSync(path.join(os.tmpdir(), "envoyscript-run-plugin-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const exampleModule = (example: string) => path.join(REPO_ROOT, "examples", example, "build", `${example}.wasm`);
const dockerConfig = () => JSON.stringify({ auths: { [registry().host]: { auth: Buffer.from(`${ALICE.username}:${ALICE.password}`).toString("base64") } } });
const pullSecret = () => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name: "registry-credentials", namespace: "default" },
  type: "kubernetes.io/dockerconfigjson",
  data: { ".dockerconfigjson": Buffer.from(dockerConfig()).toString("base64") },
});

/** The CLI's entry point, as its package declares it. */
function cliEntry(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve("@envoyscript/cli/package.json");
  const bin = (JSON.parse(readFileSync(manifest, "utf8")) as { bin: Record<string, string> }).bin.envoyscript;
  return path.join(path.dirname(manifest), bin);
}

interface RunningCli {
  readonly listener: string;
  readonly admin: string;
  readonly stderr: () => string;
}

const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exit = new Promise((resolve) => child.on("exit", resolve));
    child.kill("SIGTERM");
    await exit;
  }
});

/** Starts `envoyscript run` and waits for the URLs it prints; Docker credentials are nowhere but in the Secret. */
async function run(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<RunningCli> {
  const child = spawn(process.execPath, [cliEntry(), "run", ...args, "--port", "0"], {
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, DOCKER_CONFIG: path.join(scratch, "no-docker-config"), ...env },
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (/admin: /.test(stdout)) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
    child.on("exit", (code) => {
      clearInterval(timer);
      reject(new Error(`run exited with ${code}:\n${stderr}`));
    });
  });
  return { listener: /listener: (http:\/\/\S+)/.exec(stdout)![1], admin: /admin:\s+(http:\/\/\S+)/.exec(stdout)![1], stderr: () => stderr };
}

function writeYaml(name: string, docs: unknown[]): string {
  const file = path.join(scratch, name);
  writeFileSync(file, docs.map((doc) => stringify(doc)).join("---\n"));
  return file;
}

describe.skipIf(realEnvoySkipped())("envoyscript run --plugin with TrafficExtensions", () => {
  let trap: PushResult;
  beforeAll(async () => {
    // Pushing needs credentials too: a Docker config of its own, for the push alone.
    const env = { ...process.env, DOCKER_CONFIG: path.join(scratch, "pusher") };
    mkdirSync(env.DOCKER_CONFIG, { recursive: true });
    writeFileSync(path.join(env.DOCKER_CONFIG, "config.json"), dockerConfig());
    trap = await pushModule(readFileSync(exampleModule("trap-on-demand")), `${registry().host}/examples/trap-on-demand:1.0.0`, { env });
    await pushModule(readFileSync(exampleModule("hello")), `${registry().host}/examples/hello:1.0.0`, { env });
  }, 120_000);

  it("pulls with the imagePullSecret, checks the digest, runs only what matches the workload port, and honours FAIL_RELOAD and vmConfig.env", async () => {
    const trapExtension = {
      apiVersion: "extensions.istio.io/v1alpha1",
      kind: "TrafficExtension",
      metadata: { name: "trap-on-demand", namespace: "default" },
      spec: {
        match: [{ mode: "SERVER", ports: [{ number: 8080 }] }],
        wasm: {
          url: `oci://${registry().host}/examples/trap-on-demand:1.0.0`,
          sha256: trap.manifestDigest.replace("sha256:", ""),
          imagePullSecret: "registry-credentials",
          pluginName: "trap-on-demand",
          failStrategy: "FAIL_RELOAD",
          pluginConfig: { env: ["MODE", "POD_NAME"] },
          vmConfig: { env: [{ name: "MODE", value: "inline" }, { name: "POD_NAME", valueFrom: "HOST" }] },
        },
      },
    };
    const otherPort = {
      apiVersion: "extensions.istio.io/v1alpha1",
      kind: "TrafficExtension",
      metadata: { name: "hello-on-9090", namespace: "default" },
      spec: { match: [{ ports: [{ number: 9090 }] }], wasm: { url: `oci://${registry().host}/examples/hello:1.0.0`, imagePullSecret: "registry-credentials", pluginName: "hello" } },
    };
    const file = writeYaml("trap.yaml", [trapExtension, otherPort, pullSecret()]);
    const cli = await run(["--plugin", file, "--workload-port", "8080"], { POD_NAME: "checkout-7d4f" });
    expect(cli.stderr()).toMatch(/skipped TrafficExtension default\/hello-on-9090: none of its match\[\] entries selects SERVER traffic on port 8080/);

    const first = await fetch(`${cli.listener}/`);
    expect(first.status).toBe(200);
    expect(first.headers.get("x-hello")).toBeNull();
    expect(first.headers.get("x-vm-env-mode")).toBe("inline");
    expect(first.headers.get("x-vm-env-pod_name")).toBe("checkout-7d4f");
    const vmId = first.headers.get("x-vm-id");
    expect(vmId).toMatch(/^[0-9a-f]{16}$/);

    expect((await fetch(`${cli.listener}/`, { headers: { "x-trap": "1" } })).status).toBe(503);
    const trappedAt = Date.now();
    let after = await fetch(`${cli.listener}/`);
    while (after.status === 503 && Date.now() - trappedAt < 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await fetch(`${cli.listener}/`);
    }
    expect(after.status).toBe(200);
    expect(after.headers.get("x-vm-id")).not.toBe(vmId);
    expect(after.headers.get("x-vm-requests")).toBe("1");
  });

  it("refuses a TrafficExtension whose pinned digest is another image's, as the agent would", async () => {
    const wrong = {
      apiVersion: "extensions.istio.io/v1alpha1",
      kind: "TrafficExtension",
      metadata: { name: "hello", namespace: "default" },
      spec: { wasm: { url: `oci://${registry().host}/examples/hello:1.0.0`, sha256: trap.manifestDigest.replace("sha256:", ""), imagePullSecret: "registry-credentials" } },
    };
    const file = writeYaml("wrong-digest.yaml", [wrong, pullSecret()]);
    await expect(run(["--plugin", file])).rejects.toThrow(/E_MODULE_CHECKSUM|image manifest .* has SHA-256/);
  });

  it("cannot pull without the Secret (the registry wants credentials); --pull-secret can stand in for it", async () => {
    const extension = (imagePullSecret?: string) => ({
      apiVersion: "extensions.istio.io/v1alpha1",
      kind: "TrafficExtension",
      metadata: { name: "hello", namespace: "default" },
      spec: { wasm: { url: `oci://${registry().host}/examples/hello:1.0.0`, imagePullPolicy: "Always", pluginName: "hello", ...(imagePullSecret ? { imagePullSecret } : {}) } },
    });
    await expect(run(["--plugin", writeYaml("anonymous.yaml", [extension()])])).rejects.toThrow(/401|credentials|unauthorized/i);

    const configFile = path.join(scratch, "alice-config.json");
    writeFileSync(configFile, dockerConfig());
    const cli = await run(["--plugin", writeYaml("with-secret-file.yaml", [extension("alice")]), "--pull-secret", `alice=${configFile}`]);
    expect((await fetch(`${cli.listener}/`)).headers.get("x-hello")).toBe("world");
  });

  it("--gateway <name>: builds that Gateway API gateway's listener, where extensions attach by the targetRefs that name it", async () => {
    const hello = (name: string, gateway: string) => ({
      apiVersion: "extensions.istio.io/v1alpha1",
      kind: "TrafficExtension",
      metadata: { name, namespace: "default" },
      spec: { targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: gateway }], wasm: { url: `file://${exampleModule("hello")}`, pluginName: "hello" } },
    });
    const cli = await run(["--plugin", writeYaml("gateways.yaml", [hello("on-shop", "shop-gateway"), hello("on-other", "other-gateway")]), "--gateway", "shop-gateway"]);
    expect(cli.stderr()).toMatch(/skipped TrafficExtension default\/on-other: none of its targetRefs \(Gateway\/other-gateway\) names this gateway/);
    expect(cli.stderr()).toMatch(/filter extensions\.istio\.io\/trafficextension\/default\.on-shop$/m);
    expect((await fetch(`${cli.listener}/`)).headers.get("x-hello")).toBe("world");
  });

  it("runs examples/trap-on-demand/trafficextension.yaml from its folder, as its README says", async () => {
    const folder = path.join(REPO_ROOT, "examples", "trap-on-demand");
    const cli = await run(["--plugin", "trafficextension.yaml"], { POD_NAME: "local" }, folder);
    const response = await fetch(`${cli.listener}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-vm-env-mode")).toBe("demo");
    expect(response.headers.get("x-vm-env-pod_name")).toBe("local");
    expect((await fetch(`${cli.listener}/`, { headers: { "x-trap": "1" } })).status).toBe(503);
  });

  it("runs examples/tcp-filter/trafficextension.yaml (type NETWORK) from its folder, before the HTTP connection manager, as its README says", async () => {
    const cli = await run(["--plugin", "trafficextension.yaml"], {}, path.join(REPO_ROOT, "examples", "tcp-filter"));
    expect(cli.stderr()).toMatch(/filter extensions\.istio\.io\/trafficextension\/default\.tcp-filter/);
    const ok = await fetch(`${cli.listener}/allowed`);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { path: string }).path).toBe("/allowed");
    expect(await rawRequest(cli.listener, "BLOCK /allowed HTTP/1.1\r\nHost: x\r\n\r\n")).toBe("");
    const stats = await (await fetch(`${cli.admin}/stats?filter=tcp_filter`)).text();
    expect(stats).toMatch(/tcp_filter_denied_connections: 1/);
    expect(stats).toMatch(/tcp_filter_bytes_from_client: [1-9]/);
  });
});

/** Sends raw bytes on a new connection and returns what comes back before the connection closes. */
function rawRequest(listener: string, text: string): Promise<string> {
  const url = new URL(listener);
  return new Promise((resolve, reject) => {
    let received = "";
    const socket = net.connect(Number(url.port), url.hostname, () => socket.write(text));
    socket.setEncoding("utf8").on("data", (chunk: string) => (received += chunk));
    socket.on("close", () => resolve(received));
    socket.on("error", reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error("no close within 10 s")));
  });
}
