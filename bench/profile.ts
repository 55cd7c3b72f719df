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
import { emulatorSubjects } from "./micro/emulator-subjects.ts";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  hitCount?: number;
}

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

function report(nodes: readonly ProfileNode[], title: string): void {
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  let total = 0;
  let wasm = 0;
  for (const node of nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    const { functionName, url } = node.callFrame;
    const isWasm = url.startsWith("wasm://");
    const label = `${isWasm ? "[wasm] " : ""}${functionName || "(anonymous)"}${isWasm ? "" : ` ${shortUrl(url)}`}`;
    byFunction.set(label, (byFunction.get(label) ?? 0) + hits);
    total += hits;
    if (isWasm) {
      wasm += hits;
      byArea.set(areaOf(functionName), (byArea.get(areaOf(functionName)) ?? 0) + hits);
    }
  }
  console.log(`# ${title}`);
  console.log(`module code: ${((wasm / total) * 100).toFixed(1)} % of samples; host (emulator, GC, idle) the rest`);
  console.log(`| module code by area | % of all samples |\n|---|---:|`);
  for (const [area, hits] of [...byArea].sort((a, b) => b[1] - a[1])) console.log(`| ${area} | ${((hits / total) * 100).toFixed(1)} |`);
  console.log(`\n| self % | function |\n|---:|---|`);
  for (const [label, hits] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`| ${((hits / total) * 100).toFixed(1)} | ${label} |`);
  }
}

/** Where a wasm function comes from, by its AssemblyScript internal path. */
function areaOf(functionName: string): string {
  if (functionName.startsWith("~lib/rt/")) return "runtime: allocator and GC (~lib/rt)";
  if (functionName.startsWith("~lib/@envoyscript/sdk/")) return "SDK (~lib/@envoyscript/sdk)";
  if (functionName.startsWith("~lib/")) return "standard library (~lib: strings, arrays, maps)";
  if (/^wasm-function\[/.test(functionName) || functionName === "") return "unnamed (release build)";
  return "filter code and other";
}

function shortUrl(url: string): string {
  const at = url.lastIndexOf("/");
  return url ? `(${url.slice(at + 1)})` : "";
}

main().catch((error: unknown) => {
  process.stderr.write(`profile: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
