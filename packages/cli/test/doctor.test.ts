import { describe, expect, it } from "vitest";
import { cacheDir, envoyToolchain, realEnvoySkipped } from "@envoyscript/testkit";
import { main } from "../src/index.ts";

describe("envoyscript doctor", () => {
  it("lists Node, Go, Python, func-e and Envoy with where each was found", async () => {
    if (!realEnvoySkipped()) envoyToolchain(); // provisioned, so func-e and Envoy must show as found
    const out: string[] = [];
    const code = await main(["doctor"], { stdout: (text) => void out.push(text), stderr: () => undefined });
    const text = out.join("\n");
    expect(code).toBe(0);
    expect(text).toMatch(/^ok\s+node\s+v\d+/m);
    for (const tool of ["go", "python3", "func-e", "envoy 1.40.0", "skopeo", "docker-registry"]) expect(text).toContain(tool);
    expect(text).toContain(`cache folder: ${cacheDir()} `);
    if (!realEnvoySkipped()) {
      expect(text).toMatch(/^ok\s+func-e\s+\S/m);
      expect(text).toMatch(/^ok\s+envoy 1\.40\.0\s+\S/m);
    }
  });
});
