import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { CliError } from "../../src/errors.ts";
import { pushCommand } from "../../src/oci/commands.ts";
import { findCredentials } from "../../src/oci/docker-config.ts";
import { pullModule } from "../../src/oci/pull.ts";
import { pushModule } from "../../src/oci/push.ts";
import { startProxy, type Interception, type RunningProxy } from "./proxy-fixture.ts";
import { useRegistry } from "./registry-fixture.ts";
import { skopeoRawManifest } from "./skopeo.ts";
import { testModule } from "./wasm-fixture.ts";

const ALICE = { username: "alice", password: "correct horse battery staple" };
const secured = useRegistry({ htpasswd: ALICE, relativeUrls: true });
const open = useRegistry();
const module = testModule();
const scratch = mkdtempSync(path.join(os.tmpdir(), "envoyscript-oci-auth-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let counter = 0;
/** An environment whose DOCKER_CONFIG is a fresh directory holding `config` (or nothing). */
function dockerEnv(config?: object, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const dir = path.join(scratch, `docker-${++counter}`);
  mkdirSync(dir);
  if (config) writeFileSync(path.join(dir, "config.json"), JSON.stringify(config));
  return { ...process.env, HOME: dir, DOCKER_CONFIG: dir, ...extra };
}

function basicAuth(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`).toString("base64");
}

async function rejection(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

describe("a registry with htpasswd basic auth", () => {
  it("accepts a push with auths[host].auth from DOCKER_CONFIG, which skopeo and pull then read", async () => {
    const env = dockerEnv({ auths: { [secured().host]: { auth: basicAuth(ALICE.username, ALICE.password) } } });
    const reference = `${secured().host}/private/hello:1`;
    const pushed = await pushModule(module, reference, { env });

    const raw = skopeoRawManifest(reference, [`--creds=${ALICE.username}:${ALICE.password}`]);
    expect(raw.json.layers.map((layer) => layer.mediaType)).toEqual(["application/vnd.oci.image.layer.v1.tar+gzip"]);
    const pulled = await pullModule(reference, { env });
    expect(pulled.manifestDigest).toBe(pushed.manifestDigest);
    expect(Buffer.compare(Buffer.from(pulled.module), Buffer.from(module))).toBe(0);
  });

  it("accepts auths entries keyed by URL with username and password", async () => {
    const env = dockerEnv({ auths: { [`http://${secured().host}/v2/`]: { username: ALICE.username, password: ALICE.password } } });
    const pushed = await pushModule(module, `${secured().host}/private/hello:2`, { env, format: "oci" });
    expect(pushed.uploaded.length + pushed.skipped.length).toBe(2);
  });

  it("fails without credentials, naming the registry and how to add them", async () => {
    const env = dockerEnv();
    const error = await rejection(pushModule(module, `${secured().host}/private/hello:3`, { env }));
    expect(error.code).toBe("E_OCI_AUTH_REQUIRED");
    expect(error.message).toContain(`registry "${secured().host}" requires credentials`);
    expect(error.message).toContain(path.join(env.DOCKER_CONFIG!, "config.json"));
    expect(error.message).toContain(`docker login ${secured().host}`);
    expect(error.message).toContain('"auths"');
    expect(error.message).toContain("DOCKER_CONFIG");
  });

  it("makes the push command exit 1 with that message on stderr", async () => {
    const moduleFile = path.join(scratch, "module.wasm");
    writeFileSync(moduleFile, module);
    const stderr: string[] = [];
    const code = await pushCommand([moduleFile, `${secured().host}/private/hello:4`], { stdout: () => {}, stderr: (line) => stderr.push(line) }, { env: dockerEnv() });
    expect(code).toBe(1);
    expect(stderr.at(-1)).toMatch(/^envoyscript push: registry "127\.0\.0\.1:\d+" requires credentials .* \[E_OCI_AUTH_REQUIRED\]$/);
  });

  it("reports a wrong password as rejected credentials, not missing ones", async () => {
    const env = dockerEnv({ auths: { [secured().host]: { auth: basicAuth(ALICE.username, "wrong") } } });
    const error = await rejection(pushModule(module, `${secured().host}/private/hello:5`, { env }));
    expect(error.code).toBe("E_OCI_AUTH_REJECTED");
    expect(error.message).toContain('user "alice"');
  });

  describe("with a credential helper", () => {
    /** A `docker-credential-test` on PATH that knows alice's password for one server and logs what it was asked. */
    function helperEnv(config: object): { env: NodeJS.ProcessEnv; asked: () => string } {
      const bin = path.join(scratch, `bin-${++counter}`);
      mkdirSync(bin);
      const askedFile = path.join(bin, "asked");
      const script = `#!/bin/sh
[ "$1" = get ] || { echo "unsupported action $1" >&2; exit 1; }
read server
printf '%s\\n' "$server" >> '${askedFile}'
if [ "$server" = '${secured().host}' ]; then
  printf '{"ServerURL":"%s","Username":"${ALICE.username}","Secret":"${ALICE.password}"}' "$server"
else
  echo "credentials not found in native keychain"; exit 1
fi
`;
      writeFileSync(path.join(bin, "docker-credential-test"), script);
      chmodSync(path.join(bin, "docker-credential-test"), 0o755);
      return {
        env: dockerEnv(config, { PATH: `${bin}:${process.env.PATH}` }),
        asked: () => readFileSync(askedFile, "utf8"),
      };
    }

    it("uses credHelpers[host], passing the server on stdin", async () => {
      const { env, asked } = helperEnv({ credHelpers: { [secured().host]: "test" } });
      await pushModule(module, `${secured().host}/private/helper:1`, { env });
      expect(asked().trim().split("\n")).toEqual([secured().host]);
    });

    it("uses credsStore, and takes its 'credentials not found' for anonymous access", async () => {
      const { env, asked } = helperEnv({ credsStore: "test" });
      await pushModule(module, `${secured().host}/private/helper:2`, { env });
      await expect(findCredentials("elsewhere.example:5000", env)).resolves.toBeUndefined();
      expect(asked().trim().split("\n")).toEqual([secured().host, "elsewhere.example:5000"]);
    });

    it("says which helper is missing from PATH", async () => {
      const env = dockerEnv({ credHelpers: { [secured().host]: "absent" } });
      const error = await rejection(pushModule(module, `${secured().host}/private/helper:3`, { env }));
      expect(error.code).toBe("E_OCI_CRED_HELPER");
      expect(error.message).toContain("docker-credential-absent is not on PATH");
    });
  });
});

describe("a registry behind a Bearer token service", () => {
  let proxy: RunningProxy;
  const tokenRequests: { authorization?: string; service: string | null; scope: string | null }[] = [];
  let tokenField = "token";

  afterEach(async () => {
    await proxy?.stop();
    tokenRequests.length = 0;
  });

  /** The proxy plays both the token service (/token) and the gate in front of the open registry. */
  async function startTokenGate(): Promise<string> {
    const issued = new Set<string>();
    proxy = await startProxy(open().url, (request): Interception => {
      const url = new URL(request.url, "http://gate");
      if (url.pathname === "/token") {
        tokenRequests.push({ authorization: request.headers.authorization, service: url.searchParams.get("service"), scope: url.searchParams.get("scope") });
        if (request.headers.authorization !== `Basic ${basicAuth(ALICE.username, ALICE.password)}`) return { status: 401, body: "{}" };
        const token = `token-${issued.size + 1}`;
        issued.add(token);
        return { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ [tokenField]: token }) };
      }
      const bearer = request.headers.authorization?.replace(/^Bearer /, "");
      if (bearer && issued.has(bearer)) return "pass";
      const repository = /^\/v2\/(.+?)\/(?:blobs|manifests)\//.exec(url.pathname)?.[1] ?? "";
      return {
        status: 401,
        headers: { "www-authenticate": `Bearer realm="http://${proxy.host}/token",service="gate.test",scope="repository:${repository}:pull,push"` },
        body: JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "authentication required" }] }),
      };
    });
    return proxy.host;
  }

  it("gets a token from the realm with basic credentials, service and scope, then pushes and pulls", async () => {
    const host = await startTokenGate();
    const env = dockerEnv({ auths: { [host]: { auth: basicAuth(ALICE.username, ALICE.password) } } });
    const pushed = await pushModule(module, `${host}/tokens/hello:1`, { env });
    expect(tokenRequests[0]).toEqual({ authorization: `Basic ${basicAuth(ALICE.username, ALICE.password)}`, service: "gate.test", scope: "repository:tokens/hello:pull,push" });
    // One token serves the whole push: the challenge is answered once, not per request.
    expect(tokenRequests).toHaveLength(1);

    tokenField = "access_token";
    const pulled = await pullModule(`${host}/tokens/hello@${pushed.manifestDigest}`, { env });
    tokenField = "token";
    expect(Buffer.compare(Buffer.from(pulled.module), Buffer.from(module))).toBe(0);
  });

  it("fails with the missing-credentials message when the token service wants them", async () => {
    const host = await startTokenGate();
    const error = await rejection(pushModule(module, `${host}/tokens/hello:2`, { env: dockerEnv() }));
    expect(error.code).toBe("E_OCI_AUTH_REQUIRED");
    expect(tokenRequests).toEqual([{ authorization: undefined, service: "gate.test", scope: "repository:tokens/hello:pull,push" }]);
  });
});

describe("skopeo as a cross-check of the secured registry", () => {
  it("is refused without credentials, so the tests above do exercise auth", () => {
    expect(() => execFileSync("skopeo", ["inspect", "--raw", "--tls-verify=false", `docker://${secured().host}/private/hello:1`], { stdio: "pipe" })).toThrow(/unauthorized|authentication required/i);
  });
});
