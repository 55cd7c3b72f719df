import { describe, expect, it } from "vitest";
import { main } from "../../src/index.ts";
import { PROVISION_TIMEOUT_MS } from "./fixtures.ts";

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (text) => void out.push(text), stderr: (text) => void err.push(text) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("envoyscript provision --istio", () => {
  it("provisions Istio's CRDs and the validator beside Envoy, and says where they are", async () => {
    const result = await run(["provision", "--istio"]);
    expect(result.err).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^istio crds: .*\/istio\/v1\.32\.0\/customresourcedefinitions\.gen\.yaml$/m);
    expect(result.out).toMatch(/^validator: {2}.*\/bin\/kube-validate-[0-9a-f]{16}$/m);
  }, PROVISION_TIMEOUT_MS);

  it("exits 2 on an unknown option", async () => {
    const result = await run(["provision", "--istoi"]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/--istoi/);
  });
});
