import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
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

describe("run's per-filter options", () => {
  const folder = mkdtempSync(path.join(tmpdir(), "run-args-"));
  const [a, b, c] = ["a", "b", "c"].map((name) => {
    const module = path.join(folder, `${name}.wasm`);
    writeFileSync(module, Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
    return module;
  });

  it("--failure-policy sets the failure policy of the --filter before it", () => {
    const { filters } = parseRunArgs(["--filter", a!, "--failure-policy", "reload", "--filter", b!, "--filter", c!, "--failure-policy", "open"]);
    expect(filters.map((filter) => filter.failurePolicy)).toEqual(["reload", undefined, "open"]);
  });

  it.each([
    [["--filter", "a.wasm", "--failure-policy", "FAIL_RELOAD"], /--failure-policy takes closed, open, reload, got "FAIL_RELOAD"/],
    [["--failure-policy", "open", "--filter", "a.wasm"], /--failure-policy must follow a --filter/],
  ])("refuses %j with exit code 2", (argv, message) => {
    expect(() => parseRunArgs(argv)).toThrow(expect.objectContaining({ code: "E_USAGE", exitCode: 2, message: expect.stringMatching(message) }));
  });
});
