// The hello example (built by `npm run build` here) driven through the
// emulator's own Host API: a module built with the real SDK, its logs by
// level, and the refusal of a configuration that is not JSON.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { Host } from "@envoyscript/testkit";

const helloWasm = join(dirname(fileURLToPath(import.meta.url)), "../build/hello.wasm");
let wasm: Uint8Array;

beforeAll(() => {
  if (!existsSync(helloWasm)) throw new Error(`${helloWasm} is missing: build it first (npm run build in examples/hello)`);
  wasm = new Uint8Array(readFileSync(helloWasm));
});

describe("examples/hello on the emulator", () => {
  it("adds x-hello to the response and logs the request", async () => {
    const host = new Host();
    const plugin = await host.loadPlugin({ wasm, rootId: "hello" });
    const result = await plugin.request({ method: "GET", path: "/greet" });
    expect(result.status).toBe(200);
    expect(result.headers["x-hello"]).toBe("world");
    expect(host.logs.messages("info")).toContain("hello: GET /greet");
  });

  it("takes its greeting from the plugin configuration", async () => {
    const plugin = await new Host().loadPlugin({ wasm, rootId: "hello", configuration: { greeting: "bonjour" } });
    expect((await plugin.request()).headers["x-hello"]).toBe("bonjour");
  });

  it("rejects a configuration that is not JSON", async () => {
    const error = await new Host().loadPlugin({ wasm, rootId: "hello", configuration: "{not json" }).catch((e: unknown) => e);
    expect((error as { code: string }).code).toBe("E_CONFIGURE_REJECTED");
    expect((error as { logs: Array<{ level: string; message: string }> }).logs.some((line) => line.level === "error" && line.message.startsWith("hello: "))).toBe(true);
  });
});
