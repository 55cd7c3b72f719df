// Provisioning's documented paths. The first, "registries only" (func-e built
// with go install, Envoy from PyPI, both into an empty project cache), is
// proven end to end by test/packaging/registry.test.ts, where a project made
// by `npm create envoyscript` provisions its own Envoy; it is not repeated
// here. The second, "func-e on PATH without Python", is below.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ENVOY_VERSION, envoyToolchain, realEnvoySkipped } from "../../src/index.ts";

const script = fileURLToPath(new URL("./provision-script.ts", import.meta.url));
const scratch = mkdtempSync(path.join(tmpdir(), "envoyscript-provision-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Outcome {
  ok: boolean;
  code?: string;
  message?: string;
  progress: string[];
  tools?: Record<string, unknown>;
  status?: number;
}

function provisionIn(env: NodeJS.ProcessEnv, args: string[] = [], timeout = 120_000): Outcome {
  const result = spawnSync(process.execPath, ["--import", "tsx", script, ...args], { env, encoding: "utf8", timeout });
  try {
    return JSON.parse(result.stdout) as Outcome;
  } catch {
    throw new Error(`provision-script printed no outcome (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** A folder for PATH holding only links to node, sh (provisioning looks tools up with it) and `tools` (name to binary). */
function binFolder(name: string, tools: Record<string, string> = {}): string {
  const bin = path.join(scratch, name);
  mkdirSync(bin);
  for (const [tool, binary] of Object.entries({ node: process.execPath, sh: "/bin/sh", ...tools })) symlinkSync(binary, path.join(bin, tool));
  return bin;
}

describe("provisioning", () => {
  it("stops with what to install when neither func-e nor Go can be found", () => {
    const bin = binFolder("bin-without-go");
    const outcome = provisionIn({ PATH: bin, HOME: scratch, ENVOYSCRIPT_CACHE_DIR: path.join(scratch, "empty-cache") });
    expect(outcome.ok).toBe(false);
    expect(outcome.code).toBe("E_GO_MISSING");
    expect(outcome.message).toMatch(/install Go 1\.26 or newer/);
    expect(outcome.message).toMatch(/FUNC_E/);
  });

  it.skipIf(realEnvoySkipped())("is idempotent: with everything in the cache it installs nothing, says nothing, and waits for no other run", () => {
    const cache = envoyToolchain().cacheDir;
    // Another process provisioning (or only checking) holds the lock: a complete cache is read without it.
    const lock = path.join(cache, ".provision.lock");
    mkdirSync(lock);
    try {
      const outcome = provisionIn({ ...process.env, FUNC_E: "", ENVOY_PATH: "", ENVOYSCRIPT_CACHE_DIR: cache }, [], 20_000);
      expect(outcome.ok).toBe(true);
      expect(outcome.progress).toEqual([]);
      expect(outcome.tools).toMatchObject({ funcESource: "cache", envoySource: "cache", envoyVersion: "1.40.0" });
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  });

  it("honours ENVOY_PATH and FUNC_E without installing anything", () => {
    const outcome = provisionIn({ ...process.env, FUNC_E: process.execPath, ENVOY_PATH: process.execPath, ENVOYSCRIPT_CACHE_DIR: path.join(scratch, "explicit") });
    expect(outcome.ok).toBe(true);
    expect(outcome.progress).toEqual([]);
    expect(outcome.tools).toMatchObject({ funcE: process.execPath, funcESource: "FUNC_E", envoyPath: process.execPath, envoySource: "ENVOY_PATH" });
  });

  // The "internet and func-e only" path: func-e on PATH, no Python, so func-e
  // fetches Envoy itself. This machine has no internet, so the test puts Envoy
  // where func-e keeps the versions it downloaded; func-e then runs it with
  // no ENVOY_PATH, exactly as after its own download.
  it.skipIf(realEnvoySkipped())("with func-e on PATH and no Python, leaves Envoy to func-e, which runs it", () => {
    const provisioned = envoyToolchain();
    const bin = binFolder("bin-func-e-only", { "func-e": provisioned.funcE });
    const cache = path.join(scratch, "func-e-only-cache");
    const versionBin = path.join(cache, "func-e", "data", "envoy-versions", ENVOY_VERSION, "bin");
    mkdirSync(versionBin, { recursive: true });
    symlinkSync(provisioned.envoyPath!, path.join(versionBin, "envoy"));

    const outcome = provisionIn({ PATH: bin, HOME: scratch, ENVOYSCRIPT_CACHE_DIR: cache }, ["--request"]);
    expect(outcome.message ?? "").toBe("");
    expect(outcome.tools).toMatchObject({ funcE: path.join(bin, "func-e"), funcESource: "PATH", envoyPath: null, envoySource: "func-e download", envoyVersion: ENVOY_VERSION });
    expect(outcome.progress.join("\n")).toMatch(/Python is missing: func-e will download Envoy 1\.40\.0 itself/);
    expect(outcome.status).toBe(200);
  });
});
