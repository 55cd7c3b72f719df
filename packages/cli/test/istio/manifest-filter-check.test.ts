import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { main } from "../../src/index.ts";

const greeter = inject("greeter").module;
const scratch = mkdtempSync(path.join(tmpdir(), "envoyscript-manifest-"));

async function manifest(config: unknown) {
  const file = path.join(scratch, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(config));
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    ["manifest", "--name", "greeter", "--namespace", "default", "--image", "127.0.0.1:5000/filters/greeter:v1", "--plugin-name", "greeter", "--config", file, "--filter", greeter],
    { stdout: (text) => void out.push(text), stderr: (text) => void err.push(text) },
  );
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("envoyscript manifest --filter", () => {
  it("prints the WasmPlugin when the filter accepts its pluginConfig", async () => {
    const result = await manifest({ header: "x-hi", value: "hi" });
    expect(result.code).toBe(0);
    expect(result.out).toContain("value: hi");
  });

  it("refuses a pluginConfig the filter rejects, with the filter's own message at spec.pluginConfig", async () => {
    const result = await manifest({ header: "x-hi", value: 42 });
    expect(result.code).toBe(1);
    expect(result.out).toBe("");
    expect(result.err).toMatch(/spec\.pluginConfig: greeter: value: expected a string, got 42 \[E_CONFIG_TYPE\]/);
  });
});
