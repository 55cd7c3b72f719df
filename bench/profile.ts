/**
 * CPU profile of one filter in the emulator: `npx tsx bench/profile.ts
 * <name> [requests] [--author ours|go-peer|example]`. Drives the load-test
 * configuration and request through the VM under V8's sampling profiler and
 * prints where the time goes: self time per function, the module's own code
 * (wasm://) apart from the host's (the emulator's hostcalls, which Envoy
 * implements in C++). Uses the `.debug.wasm` build when there is one, for
 * function names.
 */
import { existsSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { Host } from "../packages/testkit/src/emulator/index.ts";
import { makeJwtFixtures } from "./lib/jwt-fixtures.ts";
import { type ProfileNode, report } from "./lib/profile-report.ts";
import { emulatorSubjects } from "./micro/emulator-subjects.ts";

async function main(): Promise<void> {
  const [name, countText] = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
  const authorAt = process.argv.indexOf("--author");
  const author = authorAt > 0 ? process.argv[authorAt + 1] : "ours";
  if (!name) throw new Error("usage: npx tsx bench/profile.ts <hello|routing-headers|fault-injection|telemetry|jwt-authz> [requests] [--author ours|go-peer|example]");
  const requests = Number(countText ?? "50000");
  const subject = emulatorSubjects({ jwt: makeJwtFixtures(), goPeer: {} }).find((entry) => entry.name === name && (entry.author === author || entry.author === "example"));
  if (!subject) throw new Error(`no emulator subject "${name}" by ${author}`);
  const debugModule = subject.module.replace(/\.wasm$/, ".debug.wasm");
  // The debug build carries function names (but is not optimised): --release profiles the shipped module.
  const module = !process.argv.includes("--release") && existsSync(debugModule) ? debugModule : subject.module;

  const host = new Host({ logLevel: "warn" });
  const plugin = await host.loadPlugin({ wasm: module, rootId: subject.rootId, configuration: subject.configuration });
  for (let i = 0; i < 2_000; i++) await plugin.request(subject.request);
  host.logs.clear();

  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 50 });
  await session.post("Profiler.start");
  const started = performance.now();
  for (let i = 0; i < requests; i++) {
    await plugin.request(subject.request);
    if (i % 10_000 === 0) host.logs.clear();
  }
  const elapsed = performance.now() - started;
  const { profile } = (await session.post("Profiler.stop")) as { profile: { nodes: ProfileNode[] } };
  session.disconnect();
  report(profile.nodes, `${module} (${requests} requests, ${((elapsed * 1000) / requests).toFixed(1)} µs per request in the emulator)`);
}

main().catch((error: unknown) => {
  process.stderr.write(`profile: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
