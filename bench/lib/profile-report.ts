/** Where a CPU profile's samples went: self time per function, the module's own code (wasm://) apart from the host's. */

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  hitCount?: number;
}

export function report(nodes: readonly ProfileNode[], title: string): void {
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
  for (const [label, hits] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.PROFILE_TOP ?? 25))) {
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

