// Prints, for each task turbo's summary lists under "Failed:", the last lines
// that task wrote (its prefix `<package>:<task>: ` removed, passing tests and
// blank lines left out), so a failure's report is at the end of CI's log.
// Usage: node .ci/failed-tasks.mjs <log of npm test>
import { readFileSync } from "node:fs";

const TAIL_LINES = 120;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

const lines = readFileSync(process.argv[2], "utf8").replace(ANSI, "").split("\n");
const failed = failedTasks(lines);
if (failed.length === 0) console.log("\nci: npm test failed before turbo's summary: see the lines above.");
for (const task of failed) {
  const prefix = `${task.replace("#", ":")}: `;
  const own = lines
    .filter((line) => line.startsWith(prefix))
    .map((line) => line.slice(prefix.length))
    .filter((line) => line.trim() !== "" && !/^\s*✓/.test(line));
  console.log(`\n===== ci: ${task} failed; its last ${Math.min(TAIL_LINES, own.length)} lines (passing tests left out) =====`);
  console.log(own.slice(-TAIL_LINES).join("\n"));
}

/** The `<package>#<task>` names turbo's summary lists after "Failed:", comma-separated. */
function failedTasks(log) {
  const summary = log.findLast((line) => /^\s*Failed:\s+\S+#\S+/.test(line));
  return summary ? summary.replace(/^\s*Failed:\s+/, "").split(",").map((name) => name.trim()).filter(Boolean) : [];
}
