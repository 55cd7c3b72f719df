// Runs func-e (and so Envoy) in a process group of its own and takes that
// group down when its parent goes away, however the parent ends: the parent
// holds our stdin, and a killed process's pipes close. Without it, a test
// runner killed midway (SIGKILL, a crashed worker) would leave Envoy running.
//
// Usage: node guardian.mjs <json: {command, args, env, cwd, stdout, stderr}>
import { spawn } from "node:child_process";
import { openSync } from "node:fs";

const spec = JSON.parse(process.argv[2]);
const child = spawn(spec.command, spec.args, {
  cwd: spec.cwd,
  env: spec.env,
  detached: true,
  stdio: ["ignore", openSync(spec.stdout, "a"), openSync(spec.stderr, "a")],
});
process.stdout.write(`${JSON.stringify({ pid: child.pid })}\n`);

let stopping = false;
function stopGroup() {
  if (stopping) return;
  stopping = true;
  signalGroup("SIGTERM");
  // Envoy drains and exits on SIGTERM; a group that lingers is killed.
  setTimeout(() => signalGroup("SIGKILL"), 5000).unref();
}

function signalGroup(signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

process.stdin.on("end", stopGroup);
process.stdin.on("close", stopGroup);
process.stdin.resume();
process.on("SIGTERM", stopGroup);
process.on("SIGINT", stopGroup);
process.on("SIGHUP", stopGroup);
child.on("exit", (code, signal) => {
  signalGroup("SIGKILL");
  process.stdout.write(`${JSON.stringify({ exit: code, signal })}\n`);
  process.exit(0);
});
