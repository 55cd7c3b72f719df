// A filter built to fail (trap-probe) traps and aborts on both backends: the
// test failure names the AssemblyScript function and file.ts:line of each
// frame, symbolized from the debug build's name section and source map,
// and the request that was in flight.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import "@envoyscript/testkit/vitest";
import { scenarioBackends, type ScenarioTarget } from "@envoyscript/testkit";

const here = path.dirname(fileURLToPath(import.meta.url));
const DEBUG_MODULE = path.join(here, "..", "build", "trap-probe.debug.wasm");
const RELEASE_MODULE = path.join(here, "..", "build", "trap-probe.wasm");
const SOURCE = "traps/assembly/index.ts";
const SOURCE_LINES = readFileSync(path.join(here, "..", "assembly", "index.ts"), "utf8").split("\n");
/** The 1-based line of the source that contains `text`. */
const lineOf = (text: string): number => SOURCE_LINES.findIndex((line) => line.includes(text)) + 1;
const THROW_LINE = lineOf("throw new Error");
const UNREACHABLE_LINE = lineOf("unreachable();");
const QUOTA_CALL_LINE = lineOf("readQuota(quota);");
const EXPLODE_CALL_LINE = lineOf("explode();");

/** The failure message of an assertion that must fail. */
function failureOf(assertion: () => void): string {
  try {
    assertion();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("the assertion passed");
}

describe.each(scenarioBackends())("a trapping filter on $name", (backend) => {
  // A trap kills the VM for good (as in Envoy): one target per trap.
  const targets: ScenarioTarget[] = [];
  const start = async (module = DEBUG_MODULE): Promise<ScenarioTarget> => {
    const target = await backend.start({ filters: [{ module, rootId: "trap-probe" }] });
    targets.push(target);
    return target;
  };
  afterAll(async () => {
    await Promise.all(targets.map((target) => target.stop()));
  });

  it("names the function and file.ts:line of each frame of an abort, with the abort message and the request", async () => {
    const target = await start();
    expect(await target.request({ path: "/fine" })).toHaveStatus(200);
    const response = await target.request({ path: "/quota", headers: { "x-quota": "-1" } });
    const message = failureOf(() => expect(response).toHaveStatus(200));
    expect(message).toContain("expected status 200, got 503");
    expect(message).toContain("the filter trapped in proxy_on_request_headers: RuntimeError: unreachable");
    expect(message).toContain(`abort: quota must not be negative, got -1 at ${SOURCE}:${THROW_LINE}:`);
    expect(message).toMatch(new RegExp(`at traps/assembly/index/readQuota \\(${SOURCE}:${THROW_LINE}:\\d+\\)`));
    expect(message).toMatch(new RegExp(`at traps/assembly/index/TrapRequest#onRequestHeaders \\(${SOURCE}:${QUOTA_CALL_LINE}:\\d+\\)`));
    expect(message).toContain('request in flight: GET /quota headers {"x-quota":"-1"}');
    // Innermost first: the SDK's abort, then the filter's function, then its caller.
    expect(response.trap!.frames.slice(0, 3).map((frame) => frame.function)).toEqual([
      "~lib/@envoyscript/sdk/assembly/runtime/abort/abortThroughProxyLog",
      "traps/assembly/index/readQuota",
      "traps/assembly/index/TrapRequest#onRequestHeaders",
    ]);
  });

  it("names the function and line of a plain trap (unreachable)", async () => {
    const target = await start();
    const response = await target.request({ path: "/boom", headers: { "x-trap": "1" } });
    expect(response.trap?.abort).toBeNull();
    expect(response.trap?.frames[0]).toMatchObject({ function: "traps/assembly/index/explode", position: { source: SOURCE, line: UNREACHABLE_LINE } });
    expect(response.trap?.frames[1]).toMatchObject({ function: "traps/assembly/index/TrapRequest#onRequestHeaders", position: { source: SOURCE, line: EXPLODE_CALL_LINE } });
  });

  it("traps when the VM's memory would pass Envoy's 1 GiB, and not below it", async () => {
    const target = await start();
    expect(await target.request({ path: "/keep", headers: { "x-hoard": "64" } })).toHaveStatus(200);
    const response = await target.request({ path: "/hoard", headers: { "x-hoard": "1024" } });
    expect(response.trap?.during).toBe("proxy_on_request_headers");
    expect(response.trap?.frames.map((frame) => frame.function)).toContain("~lib/rt/tlsf/growMemory");
    expect(response.trap?.frames.map((frame) => frame.function)).toContain("traps/assembly/index/keepMebibytes");
  });

  it("runs the debug build instead of the release one under ENVOYSCRIPT_DEBUG_BUILDS=1", async () => {
    process.env.ENVOYSCRIPT_DEBUG_BUILDS = "1";
    try {
      const target = await start(RELEASE_MODULE);
      const response = await target.request({ path: "/boom", headers: { "x-trap": "1" } });
      expect(response.trap?.module).toBe(DEBUG_MODULE);
      expect(response.trap?.frames[0]).toMatchObject({ function: "traps/assembly/index/explode", position: { source: SOURCE, line: UNREACHABLE_LINE } });
    } finally {
      delete process.env.ENVOYSCRIPT_DEBUG_BUILDS;
    }
  });

  it("says to run the debug build when the release build traps", async () => {
    const target = await start(RELEASE_MODULE);
    const response = await target.request({ path: "/boom", headers: { "x-trap": "1" } });
    expect(response.trap?.symbolized).toBe(false);
    expect(response.trap?.describe()).toContain("has no name section or source map: run its debug build");
  });
});

describe("stepping through AssemblyScript source under Node's inspector", () => {
  it("stops at a breakpoint put on file.ts:line through the source map, in the named function, while the emulator drives the filter", () => {
    const script = path.join(here, "step-through.mjs");
    const result = spawnSync(process.execPath, [script, DEBUG_MODULE, SOURCE, String(THROW_LINE)], { encoding: "utf8", timeout: 60_000 });
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { sourceMapURL: string; paused: { function: string; source: string; line: number } };
    // The emulator hands the inspector the map's absolute URL; the map's sourceRoot leads to the real source file.
    expect(report.sourceMapURL).toBe(pathToFileURL(`${DEBUG_MODULE}.map`).href);
    const map = JSON.parse(readFileSync(`${DEBUG_MODULE}.map`, "utf8")) as { sourceRoot: string; sources: string[] };
    expect(existsSync(path.resolve(path.dirname(DEBUG_MODULE), map.sourceRoot, SOURCE))).toBe(true);
    expect(report.paused).toEqual({ function: "$traps/assembly/index/readQuota", source: SOURCE, line: THROW_LINE });
  });
});
