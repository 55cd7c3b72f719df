import { writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { MANIFEST_USAGE, manifestCommand, validateWasmPlugin, type WasmPluginSchema } from "../../src/istio/index.ts";
import { PROVISION_TIMEOUT_MS, pinnedSchema, tempDir } from "./fixtures.ts";

let schema: WasmPluginSchema;
beforeAll(async () => {
  schema = await pinnedSchema();
}, PROVISION_TIMEOUT_MS);

async function runManifest(argv: string[], options: Parameters<typeof manifestCommand>[2] = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await manifestCommand(argv, { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s) }, { schema, ...options });
  return { code, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
}

const required = ["--name", "reviews-authz", "--namespace", "bookinfo", "--image", "ghcr.io/example/authz:1.2.0"];

describe("envoyscript manifest", () => {
  it("prints a WasmPlugin that parses as YAML and passes Istio's CRD validation", async () => {
    const configFile = path.join(tempDir(), "config.yaml");
    writeFileSync(configFile, "allowed:\n  - /health\nlimit: 10\n");
    const digest = "c".repeat(64);
    const result = await runManifest([
      ...required,
      "--sha256", digest,
      "--phase", "AUTHZ",
      "--priority", "10",
      "--fail-strategy", "FAIL_OPEN",
      "--plugin-name", "authz",
      "--config", configFile,
      "--selector", "app=reviews,version=v1",
      "--selector", "tier=backend",
      "--env", "MODE=strict",
      "--host-env", "POD_NAME",
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const doc = parse(result.stdout);
    expect(doc).toEqual({
      apiVersion: "extensions.istio.io/v1alpha1",
      kind: "WasmPlugin",
      metadata: { name: "reviews-authz", namespace: "bookinfo" },
      spec: {
        url: "oci://ghcr.io/example/authz:1.2.0",
        sha256: digest,
        selector: { matchLabels: { app: "reviews", version: "v1", tier: "backend" } },
        phase: "AUTHZ",
        priority: 10,
        failStrategy: "FAIL_OPEN",
        pluginName: "authz",
        pluginConfig: { allowed: ["/health"], limit: 10 },
        vmConfig: { env: [{ name: "MODE", value: "strict" }, { name: "POD_NAME", valueFrom: "HOST" }] },
      },
    });
    expect((await validateWasmPlugin(doc, { schema })).errors).toEqual([]);
  });

  it("keeps an explicit scheme (file://, https://) as given", async () => {
    const result = await runManifest(["--name", "f", "--namespace", "default", "--image", "file:///opt/f.wasm"]);
    expect(result.code).toBe(0);
    expect(parse(result.stdout).spec).toEqual({ url: "file:///opt/f.wasm" });
  });

  it.each([
    [["--sha256", "abc"], "spec.sha256: must match", "(--sha256)"],
    [["--phase", "LATE"], 'spec.phase: unsupported value "LATE"', "(--phase)"],
    [["--plugin-name", "x".repeat(300)], "spec.pluginName: may be at most 256 characters long", "(--plugin-name)"],
    [["--priority", "99999999999"], "spec.priority: must fit in a 32-bit signed integer", "(--priority)"],
    [["--selector", "app=rev*"], "spec.selector.matchLabels[app]: wildcard not allowed", "(--selector)"],
  ])("exits 1 without printing when %j makes the WasmPlugin invalid, naming the field", async (extra, message, flag) => {
    const result = await runManifest([...required, ...extra]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain(flag);
  });

  it("names the field for a bad name or URL scheme too", async () => {
    const result = await runManifest(["--name", "Bad_Name", "--namespace", "default", "--image", "ftp://example.com/f.wasm"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/metadata\.name: must be a lowercase RFC 1123 subdomain.*\(--name\)/);
    expect(result.stderr).toMatch(/spec\.url: url must have schema one of \[http, https, file, oci\] \(--image\)/);
  });

  it("runs the pluginConfig check hook on --config", async () => {
    const configFile = path.join(tempDir(), "config.json");
    writeFileSync(configFile, JSON.stringify({ limit: 0 }));
    const pluginConfigValidator = (pluginName: string, config: Record<string, unknown> | undefined) => (config?.limit ? [] : [`${pluginName}: limit must not be 0`]);
    const result = await runManifest([...required, "--plugin-name", "rl", "--config", configFile], { pluginConfigValidator });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("spec.pluginConfig: rl: limit must not be 0 (--config)");
  });

  it.each([
    [["--name", "x", "--namespace", "default"], "--image is required"],
    [[...required, "--priority", "high"], '--priority must be an integer, got "high"'],
    [[...required, "--selector", "app"], '--selector takes key=value pairs, got "app"'],
    [[...required, "--env", "NOVALUE"], '--env takes NAME=VALUE, got "NOVALUE"'],
    [[...required, "--config", "/nonexistent/config.json"], '--config: cannot read "/nonexistent/config.json" (ENOENT)'],
    [[...required, "--bogus"], "Unknown option '--bogus'"],
  ])("exits 2 on bad usage %j", async (argv, message) => {
    const result = await runManifest(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it("refuses a --config file that is not one object", async () => {
    const configFile = path.join(tempDir(), "config.yaml");
    writeFileSync(configFile, "- a\n- b\n");
    const result = await runManifest([...required, "--config", configFile]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("must hold one JSON or YAML object");
  });

  it("prints its usage for --help, and the usage lists every option the parser accepts", async () => {
    const result = await runManifest(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(MANIFEST_USAGE);
    for (const flag of ["--name", "--namespace", "--image", "--sha256", "--phase", "--priority", "--fail-strategy", "--plugin-name", "--config", "--selector", "--env", "--host-env"]) {
      expect(MANIFEST_USAGE).toContain(`  ${flag} `);
      const probe = await runManifest([flag]);
      expect(probe.stderr).not.toContain("Unknown option");
    }
  });
});
