import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { describeFuzzFailure, fuzzFilters } from "../../src/index.ts";
import { compileFixture } from "../fixtures/compile-fixture.ts";

const scratch = mkdtempSync(path.join(tmpdir(), "envoyscript-fuzz-"));
let fragile: string;
let sturdy: string;
let hoarding: string;

beforeAll(async () => {
  fragile = path.join(scratch, "fragile.wasm");
  sturdy = path.join(scratch, "header-only.wasm");
  writeFileSync(fragile, await compileFixture("fragile"));
  writeFileSync(sturdy, await compileFixture("header-only"));
  hoarding = path.join(scratch, "hoarding.wasm");
  writeFileSync(hoarding, await compileFixture("hoarding"));
});

describe("fuzzFilters", () => {
  it("finds the trap in a fragile filter and shrinks it to a minimal request", async () => {
    const report = await fuzzFilters({ filters: [{ module: fragile }] }, { seed: 7, requests: 20_000 });
    expect(report.failure, "the fuzzer should find the x-user trap").not.toBeNull();
    const failure = report.failure!;
    expect(failure.reason).toMatch(/trapped/);
    const headers = failure.request.headers as Array<[string, string]>;
    expect(headers).toHaveLength(1);
    expect(headers[0][0]).toBe("x-user");
    expect(headers[0][1].length).toBeGreaterThan(20);
    expect(headers[0][1]).toContain(";");
    expect(failure.request.body).toBeUndefined();
    expect(describeFuzzFailure(failure)).toMatch(/ENVOYSCRIPT_FUZZ_SEED=7/);
  });

  it("reports a request that takes a VM's memory past the bound, though nothing traps", async () => {
    const report = await fuzzFilters({ filters: [{ module: hoarding }] }, { seed: 7, requests: 20_000 });
    const failure = report.failure;
    expect(failure, "the fuzzer should find the x-user hoard").not.toBeNull();
    expect(failure!.reason).toMatch(/^a VM's memory reached 3\d\.\d MiB \(bound 16\.0 MiB/);
    const headers = failure!.request.headers as Array<[string, string]>;
    expect(headers.map(([name]) => name)).toEqual(["x-user"]);
    const allowed = await fuzzFilters({ filters: [{ module: hoarding }] }, { seed: 7, requests: report.requests, maxMemoryBytes: 64 * 1024 * 1024 });
    expect(allowed.failure).toBeNull();
  });

  it("replays the same traffic for the same seed", async () => {
    const first = await fuzzFilters({ filters: [{ module: sturdy }] }, { seed: 42, requests: 300 });
    const second = await fuzzFilters({ filters: [{ module: sturdy }] }, { seed: 42, requests: 300 });
    expect(first.failure).toBeNull();
    expect(second.statuses).toEqual(first.statuses);
    expect(first.requests).toBe(300);
  });
});
