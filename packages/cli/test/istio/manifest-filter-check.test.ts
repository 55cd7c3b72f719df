import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../../src/index.ts";

const hello = fileURLToPath(new URL("../../../../examples/hello/build/hello.wasm", import.meta.url));
const scratch = mkdtempSync(path.join(tmpdir(), "envoyscript-manifest-"));

async function manifest(config: unknown) {
  const file = path.join(scratch, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(config));
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    ["manifest", "--name", "hello", "--namespace", "default", "--image", "127.0.0.1:5000/filters/hello:v1", "--plugin-name", "hello", "--config", file, "--filter", hello],
    { stdout: (text) => void out.push(text), stderr: (text) => void err.push(text) },
  );
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("envoyscript manifest --filter", () => {
  it("prints the WasmPlugin when the filter accepts its pluginConfig", async () => {
    const result = await manifest({ greeting: "hi" });
    expect(result.code).toBe(0);
    expect(result.out).toContain("greeting: hi");
  });

  it("refuses a pluginConfig the filter rejects, with the filter's own message at spec.pluginConfig", async () => {
    const result = await manifest({ greeting: 42 });
    expect(result.code).toBe(1);
    expect(result.out).toBe("");
    expect(result.err).toMatch(/spec\.pluginConfig: hello: greeting: expected a string, got 42 \[E_CONFIG_TYPE\]/);
  });
});
