// The README's filter compiles as printed, does what the README says (a
// request with the header gets 403, the counter exists from the start, a bad
// header name is refused with the line the README quotes), and the module
// size the README states for it stays true (within 10%).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { assertEnvoyLoadable } from "../../cli/src/build/import-audit.ts";
import { compileAssemblyScript, presetReleaseArgs, SDK_DIR } from "./support/compile.ts";
import { FakeHost } from "./support/fake-host.ts";

const readme = readFileSync(path.join(SDK_DIR, "README.md"), "utf8");
const ROOT = 1;
const ERROR = 4;
const REQUEST_HEADERS = 0;

let wasm: Uint8Array;

beforeAll(async () => {
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (example === undefined) throw new Error("README must start with a ```ts example");
  const dir = path.join(SDK_DIR, "test", "assembly", "readme");
  mkdirSync(dir, { recursive: true });
  const entry = path.join(dir, "index.ts");
  writeFileSync(entry, example);
  wasm = await compileAssemblyScript(entry, presetReleaseArgs());
  assertEnvoyLoadable(wasm, entry);
});

async function configure(configuration: string): Promise<{ host: FakeHost; configured: number }> {
  const host = new FakeHost();
  host.setProperty(["plugin_root_id"], "deny-header");
  host.pluginConfiguration = new TextEncoder().encode(configuration);
  await host.load(wasm);
  host.call("proxy_on_context_create", ROOT, 0);
  return { host, configured: host.call("proxy_on_configure", ROOT, host.pluginConfiguration.length) };
}

describe("README", () => {
  it("states the release size of its filter", () => {
    const stated = /builds to about \*\*(\d+) KiB\*\*/.exec(readme);
    expect(stated, `README must say: builds to about **N KiB** (built ${(wasm.length / 1024).toFixed(1)} KiB)`).not.toBeNull();
    const kib = wasm.length / 1024;
    expect(Math.abs(kib - Number(stated![1])) / kib, `built ${kib.toFixed(1)} KiB`).toBeLessThan(0.1);
  });

  it("runs its filter: the counter exists from configure time, a request with x-block gets 403", async () => {
    const { host, configured } = await configure("");
    expect(configured).toBe(1);
    expect(host.metrics.get("deny_header_denied")).toBe(0);
    for (const [id, headers] of [[2, [["x-block", "1"]]], [3, [["x-other", "1"]]]] as const) {
      host.maps.set(REQUEST_HEADERS, headers.map(([name, value]) => [name, value]));
      host.call("proxy_on_context_create", id, ROOT);
      host.call("proxy_on_request_headers", id, headers.length, 1);
    }
    expect(host.localResponses).toEqual([{ status: 403, body: "blocked\n" }]);
    expect(host.metrics.get("deny_header_denied")).toBe(1);
  });

  it("quotes the refusal line its filter writes", async () => {
    const { host, configured } = await configure('{"header": "X Block"}');
    expect(configured).toBe(0);
    const errors = host.logs.filter((line) => line.level === ERROR).map((line) => line.message);
    expect(errors).toHaveLength(1);
    expect(readme).toContain("\n" + errors[0] + "\n");
  });
});
