import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseChallenge } from "../../src/oci/auth.ts";
import { dockerConfigPath, findCredentials } from "../../src/oci/docker-config.ts";

const scratch = mkdtempSync(path.join(os.tmpdir(), "envoyscript-docker-config-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let counter = 0;
/** An environment whose DOCKER_CONFIG directory holds `config` as config.json. */
function envWithConfig(config: string): NodeJS.ProcessEnv {
  const dir = path.join(scratch, String(++counter));
  mkdirSync(dir);
  writeFileSync(path.join(dir, "config.json"), config);
  return { DOCKER_CONFIG: dir, PATH: process.env.PATH };
}

describe("parseChallenge", () => {
  it("reads a Bearer challenge with quoted parameters", () => {
    expect(parseChallenge('Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:a/b:pull,push"')).toEqual({
      scheme: "bearer",
      params: { realm: "https://auth.example.com/token", service: "registry.example.com", scope: "repository:a/b:pull,push" },
    });
  });

  it("reads Basic, unquoted values and escapes", () => {
    expect(parseChallenge('basic realm="say \\"hi\\""')).toEqual({ scheme: "basic", params: { realm: 'say "hi"' } });
    expect(parseChallenge("Bearer realm=https://a/token, service=svc")).toEqual({ scheme: "bearer", params: { realm: "https://a/token", service: "svc" } });
  });
});

describe("findCredentials", () => {
  it("uses DOCKER_CONFIG, else ~/.docker", () => {
    expect(dockerConfigPath({ DOCKER_CONFIG: "/x" })).toBe("/x/config.json");
    expect(dockerConfigPath({ HOME: "/home/u" })).toBe("/home/u/.docker/config.json");
  });

  it("decodes auths[host].auth, keeping colons in the password", async () => {
    const auth = Buffer.from("bob:pa:ss").toString("base64");
    const env = envWithConfig(JSON.stringify({ auths: { "reg.example:5000": { auth } } }));
    await expect(findCredentials("reg.example:5000", env)).resolves.toMatchObject({ username: "bob", password: "pa:ss" });
    await expect(findCredentials("other.example", env)).resolves.toBeUndefined();
  });

  it("finds Docker Hub's entry under its v1 index URL", async () => {
    const env = envWithConfig(JSON.stringify({ auths: { "https://index.docker.io/v1/": { username: "hub", password: "pw" } } }));
    await expect(findCredentials("docker.io", env)).resolves.toMatchObject({ username: "hub", password: "pw" });
  });

  it("is anonymous when there is no config file", async () => {
    await expect(findCredentials("reg.example", { DOCKER_CONFIG: path.join(scratch, "nothing-here") })).resolves.toBeUndefined();
  });

  it("says which file is broken", async () => {
    const env = envWithConfig("{ not json");
    await expect(findCredentials("reg.example", env)).rejects.toThrow(`the Docker config "${path.join(env.DOCKER_CONFIG!, "config.json")}" is not valid JSON`);
  });
});
