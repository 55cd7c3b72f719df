import { writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { MANIFEST_USAGE, manifestCommand, validateIstioResource } from "../../src/istio/index.ts";
import { kubeValidateBinary } from "../../src/istio/kube-validator.ts";
import { PROVISION_TIMEOUT_MS, tempDir } from "./fixtures.ts";

beforeAll(async () => {
  await kubeValidateBinary();
}, PROVISION_TIMEOUT_MS);

async function runManifest(argv: string[], options: Parameters<typeof manifestCommand>[2] = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await manifestCommand(argv, { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s) }, options);
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
    expect((await validateIstioResource(doc)).errors).toEqual([]);
  });

  it("prints the same plugin as a TrafficExtension with --kind, every option set", async () => {
    const configFile = path.join(tempDir(), "config.json");
    writeFileSync(configFile, JSON.stringify({ limit: 10 }));
    const digest = "c".repeat(64);
    const result = await runManifest([
      ...required,
      "--kind", "TrafficExtension",
      "--sha256", digest,
      "--pull-policy", "Always",
      "--pull-secret", "registry-credentials",
      "--phase", "UNSPECIFIED",
      "--priority", "10",
      "--fail-strategy", "FAIL_RELOAD",
      "--plugin-name", "authz",
      "--config", configFile,
      "--type", "HTTP",
      "--target-ref", "gateway.networking.k8s.io/Gateway/shop-gateway",
      "--match", "SERVER:8080,9090",
      "--match", "CLIENT",
      "--env", "MODE=strict",
      "--host-env", "POD_NAME",
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const doc = parse(result.stdout);
    expect(doc).toEqual({
      apiVersion: "extensions.istio.io/v1alpha1",
      kind: "TrafficExtension",
      metadata: { name: "reviews-authz", namespace: "bookinfo" },
      spec: {
        targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "shop-gateway" }],
        phase: "UNSPECIFIED",
        priority: 10,
        match: [{ mode: "SERVER", ports: [{ number: 8080 }, { number: 9090 }] }, { mode: "CLIENT" }],
        wasm: {
          url: "oci://ghcr.io/example/authz:1.2.0",
          sha256: digest,
          imagePullPolicy: "Always",
          imagePullSecret: "registry-credentials",
          failStrategy: "FAIL_RELOAD",
          pluginName: "authz",
          pluginConfig: { limit: 10 },
          vmConfig: { env: [{ name: "MODE", value: "strict" }, { name: "POD_NAME", valueFrom: "HOST" }] },
          type: "HTTP",
        },
      },
    });
    expect((await validateIstioResource(doc)).errors).toEqual([]);
  });

  it("writes phase UNSPECIFIED as UNSPECIFIED_PHASE in a WasmPlugin", async () => {
    const result = await runManifest([...required, "--phase", "UNSPECIFIED"]);
    expect(result.code).toBe(0);
    expect(parse(result.stdout).spec.phase).toBe("UNSPECIFIED_PHASE");
  });

  it("keeps an explicit scheme (file://, https://) as given", async () => {
    const result = await runManifest(["--name", "f", "--namespace", "default", "--image", "file:///opt/f.wasm"]);
    expect(result.code).toBe(0);
    expect(parse(result.stdout).spec).toEqual({ url: "file:///opt/f.wasm" });
  });

  it.each([
    ["WasmPlugin", ["--sha256", "abc"], "spec.sha256: Invalid value: \"abc\"", "(--sha256)"],
    ["TrafficExtension", ["--sha256", "abc"], "spec.wasm.sha256: Invalid value: \"abc\"", "(--sha256)"],
    ["WasmPlugin", ["--phase", "LATE"], 'spec.phase: Unsupported value: "LATE"', "(--phase)"],
    ["TrafficExtension", ["--plugin-name", "x".repeat(300)], "spec.wasm.pluginName: Too long", "(--plugin-name)"],
    ["WasmPlugin", ["--priority", "99999999999"], "Checked value must be of type integer with format int32 in spec.priority", ""],
    ["TrafficExtension", ["--selector", "app=rev*"], "spec.selector.matchLabels[app]: Invalid value: \"rev*\": wildcard not allowed", "(--selector)"],
    ["TrafficExtension", ["--match", "SERVER:70000"], "spec.match[0].ports[0].number: Invalid value: 70000", "(--match)"],
    ["WasmPlugin", ["--selector", "app=a", "--target-ref", "Gateway/g"], "spec: Invalid value: only one of targetRefs or selector can be set", ""],
    ["TrafficExtension", ["--pull-policy", "Never"], 'spec.wasm.imagePullPolicy: Unsupported value: "Never"', "(--pull-policy)"],
  ])("exits 1 without printing when a %s with %j is invalid, naming the field", async (kind, extra, message, flag) => {
    const result = await runManifest([...required, "--kind", kind, ...extra]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain(flag);
  });

  it("names the field for a bad name or URL scheme too", async () => {
    const result = await runManifest(["--name", "Bad_Name", "--namespace", "default", "--image", "ftp://example.com/f.wasm"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain.*\(--name\)/);
    expect(result.stderr).toMatch(/spec\.url: Invalid value: "ftp:\/\/example\.com\/f\.wasm": url must have schema one of \[http, https, file, oci\] \(--image\)/);
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
    [[...required, "--kind", "EnvoyFilter"], '--kind must be WasmPlugin or TrafficExtension, got "EnvoyFilter"'],
    [[...required, "--target-ref", "Gateway"], '--target-ref takes [group/]kind/name, got "Gateway"'],
    [[...required, "--match", "SERVER:http"], '--match takes mode[:port,...], got "SERVER:http"'],
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
    const flags = [...MANIFEST_USAGE.matchAll(/^ {2}(--[a-z0-9-]+)/gm)].map((match) => match[1]);
    expect(flags).toEqual(expect.arrayContaining(["--kind", "--pull-policy", "--pull-secret", "--type", "--target-ref", "--match"]));
    for (const flag of flags) {
      expect(MANIFEST_USAGE).toContain(`  ${flag} `);
      const probe = await runManifest([flag]);
      expect(probe.stderr).not.toContain("Unknown option");
    }
  });
});
