// Each Envoy run leaves a folder (bootstrap, logs) and two of func-e's; old
// finished ones are pruned, a run whose process still lives never is.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createRunFolder, pruneRunFolders, runFolders } from "../../src/envoy/run-folders.ts";

const scratch = mkdtempSync(path.join(tmpdir(), "envoyscript-runs-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

function fakeRun(cache: string, ownerPid: number, ageMinutes: number): string {
  const { runId, runDir } = createRunFolder(cache, ownerPid);
  for (const folder of runFolders(cache, runId).slice(1)) {
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, "stderr.log"), "log");
  }
  const when = new Date(Date.now() - ageMinutes * 60_000);
  utimesSync(runDir, when, when);
  return runId;
}

describe("run folders", () => {
  it("keeps the newest finished runs and every live one, and removes the rest with func-e's folders", () => {
    const cache = path.join(scratch, "cache");
    const dead = deadPid();
    const finished = Array.from({ length: 5 }, (_, i) => fakeRun(cache, dead, 10 * (i + 1)));
    const live = fakeRun(cache, process.pid, 1000);

    const removed = pruneRunFolders(cache, 2);

    expect(removed.sort()).toEqual(finished.slice(2).sort());
    expect(readdirSync(path.join(cache, "runs")).sort()).toEqual([...finished.slice(0, 2), live].sort());
    for (const runId of removed) for (const folder of runFolders(cache, runId)) expect(existsSync(folder)).toBe(false);
    for (const folder of runFolders(cache, live)) expect(existsSync(folder)).toBe(true);
  });

  it("leaves a run of unknown owner (an older testkit sharing the cache) alone for a day", () => {
    const cache = path.join(scratch, "shared");
    const unowned = (name: string, ageHours: number) => {
      const dir = path.join(cache, "runs", name);
      mkdirSync(dir, { recursive: true });
      const when = new Date(Date.now() - ageHours * 3_600_000);
      utimesSync(dir, when, when);
    };
    unowned("run-recent", 2);
    unowned("run-old", 30);
    expect(pruneRunFolders(cache, 0)).toEqual(["run-old"]);
    expect(readdirSync(path.join(cache, "runs"))).toEqual(["run-recent"]);
  });

  it("does nothing where no run ever happened", () => {
    expect(pruneRunFolders(path.join(scratch, "never-used"))).toEqual([]);
  });
});
