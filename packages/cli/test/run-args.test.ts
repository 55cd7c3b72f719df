import { describe, expect, it } from "vitest";
import { parseRunArgs } from "../src/run/filter-args.ts";

describe("run's Istio options", () => {
  it("--gateway names the Gateway API gateway whose listener --plugin files are built for", () => {
    expect(parseRunArgs(["--plugin", "x.yaml", "--gateway", "shop-gateway", "--workload-port", "8080"])).toMatchObject({ gateway: "shop-gateway", workloadPort: 8080 });
    expect(parseRunArgs(["--plugin", "x.yaml"]).gateway).toBeUndefined();
  });

  it.each([
    [["--plugin", "x.yaml", "--gateway", "Shop_Gateway"], /--gateway takes a Gateway's name .* got "Shop_Gateway"/],
    [["--filter", "hello.wasm", "--gateway", "shop"], /--gateway applies to --plugin files/],
    [["--plugin", "x.yaml", "--workload-port", "0"], /--workload-port must be 1\.\.65535, got "0"/],
  ])("refuses %j with exit code 2", (argv, message) => {
    expect(() => parseRunArgs(argv)).toThrow(expect.objectContaining({ code: "E_USAGE", exitCode: 2, message: expect.stringMatching(message) }));
  });
});
