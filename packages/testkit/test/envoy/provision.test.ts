import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { envoyToolchain, realEnvoySkipped } from "../../src/index.ts";

const script = fileURLToPath(new URL("./provision-script.ts", import.meta.url));
const scratch = mkdtempSync(path.join(tmpdir(), "envoyscript-provision-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function provisionIn(env: NodeJS.ProcessEnv): { ok: boolean; code?: string; message?: string; progress: string[]; tools?: Record<string, unknown> } {
  const result = spawnSync(process.execPath, ["--import", "tsx", script], { env, encoding: "utf8", timeout: 120_000 });
  return JSON.parse(result.stdout);
}

describe("provisioning", () => {
  it("stops with what to install when neither func-e nor Go can be found", () => {
    const bin = path.join(scratch, "bin-without-go");
    mkdirSync(bin);
    symlinkSync(process.execPath, path.join(bin, "node"));
    const outcome = provisionIn({ PATH: bin, HOME: scratch, ENVOYSCRIPT_CACHE_DIR: path.join(scratch, "empty-cache") });
    expect(outcome.ok).toBe(false);
    expect(outcome.code).toBe("E_GO_MISSING");
    expect(outcome.message).toMatch(/install Go 1\.26 or newer/);
    expect(outcome.message).toMatch(/FUNC_E/);
  });

  it.skipIf(realEnvoySkipped())("is idempotent: with everything in the cache it installs nothing", () => {
    envoyToolchain();
    const outcome = provisionIn({ ...process.env, FUNC_E: "", ENVOY_PATH: "" });
    expect(outcome.ok).toBe(true);
    // Another test process may hold the provisioning lock for a moment ("waiting ..."): nothing may be installed.
    expect(outcome.progress.filter((line) => /install/i.test(line))).toEqual([]);
    expect(outcome.tools).toMatchObject({ funcESource: "cache", envoySource: "cache", envoyVersion: "1.40.0" });
  });

  it("honours ENVOY_PATH and FUNC_E without installing anything", () => {
    const outcome = provisionIn({ ...process.env, FUNC_E: process.execPath, ENVOY_PATH: process.execPath, ENVOYSCRIPT_CACHE_DIR: path.join(scratch, "explicit") });
    expect(outcome.ok).toBe(true);
    expect(outcome.progress).toEqual([]);
    expect(outcome.tools).toMatchObject({ funcE: process.execPath, funcESource: "FUNC_E", envoyPath: process.execPath, envoySource: "ENVOY_PATH" });
  });
});
