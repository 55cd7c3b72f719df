// The filter's pure pieces, compiled into a small module without the
// proxy-wasm host: CIDR matching (IPv4, IPv6, mapped), Istio's string
// patterns, token decoding, query parsing.
import { beforeAll, describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { loadAscModule } from "./support/asc-module.ts";

interface Units {
  cidrContains(block: string, ip: string): number;
  patternMatches(pattern: string, value: string, ignoreCase: boolean): boolean;
  decodeFailure(token: string): number;
  queryParam(query: string, name: string): string | null;
}

let units: Units;
beforeAll(async () => {
  units = await loadAscModule<Units>(fileURLToPath(new URL("./assembly/unit-harness.ts", import.meta.url)), "-O0");
});

describe("CIDR blocks", () => {
  it.each([
    ["10.0.0.0/8", "10.255.1.2", 1],
    ["10.0.0.0/8", "11.0.0.1", 0],
    ["192.168.1.7", "192.168.1.7", 1],
    ["192.168.1.7", "192.168.1.8", 0],
    ["172.16.0.0/12", "172.31.255.255", 1],
    ["172.16.0.0/12", "172.32.0.0", 0],
    ["0.0.0.0/0", "8.8.8.8", 1],
    ["10.1.2.3/8", "10.9.9.9", 1], // host bits in the block are ignored
    ["2001:db8::/32", "2001:db8:ffff::1", 1],
    ["2001:db8::/32", "2001:db9::1", 0],
    ["::1/128", "::1", 1],
    ["::1", "::2", 0],
    ["fe80::/10", "febf::1", 1],
    ["fe80::/10", "fec0::1", 0],
    ["10.0.0.0/8", "::ffff:10.1.2.3", 1], // an IPv4-mapped client matches IPv4 blocks
    ["::ffff:10.0.0.0/104", "10.1.2.3", 1],
    ["2001:db8::/32", "10.0.0.1", 0],
    ["1:2:3:4:5:6:7:8/128", "1:2:3:4:5:6:7:8", 1],
  ])("%s contains %s: %i", (block, ip, expected) => {
    expect(units.cidrContains(block, ip)).toBe(expected);
  });

  it.each(["10.0.0.0/33", "10.0.0/8", "256.0.0.1", "01.2.3.4", "1::2::3", "1:2:3:4:5:6:7:8:9", "::/129", "10.0.0.0/", "abc", "", "2001:db8::g/32"])(
    "refuses the block %j",
    (block) => {
      expect(units.cidrContains(block, "10.0.0.1")).toBe(-1);
    },
  );
});

describe("Istio string patterns", () => {
  it.each([
    ["/api/*", "/api/items", false, true],
    ["/api/*", "/apix", false, false],
    ["*.json", "/a/b.json", false, true],
    ["*", "anything", false, true],
    ["*", "", false, false],
    ["GET", "get", false, false],
    ["*.Example.com", "SHOP.example.COM", true, true],
  ])("%j matches %j (ignore case %s): %s", (pattern, value, ignoreCase, expected) => {
    expect(units.patternMatches(pattern, value, ignoreCase)).toBe(expected);
  });
});

describe("token decoding and query parameters", () => {
  it("reads the first value of a query parameter, percent-decoded", () => {
    expect(units.queryParam("a=1&access_token=abc%2Edef&access_token=x", "access_token")).toBe("abc.def");
    expect(units.queryParam("token=1", "access_token")).toBeNull();
    expect(units.queryParam("access_token=abc%2", "access_token")).toBeNull();
    expect(units.queryParam("access_token=", "access_token")).toBeNull();
  });

  it("refuses structurally broken tokens without trapping", () => {
    for (const token of ["", ".", "a.b", "a..c", "a.b.c.d", "%%%.%%%.%%%", "e30.e30.", "\u0000.\u0000.\u0000"]) {
      expect(units.decodeFailure(token)).toBeGreaterThan(0);
    }
  });
});
