// The shared request matcher (assembly/matcher), run inside wasm through a
// probe: Istio HTTPMatchRequest semantics, configuration errors with field
// paths, lazy per-request parsing, percentages and sampling.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileAssemblyScript, SDK_DIR } from "./support/compile.ts";
import { Probe, type ProbeExports } from "./support/probe.ts";
import { serializeMap } from "./support/serialized-map.ts";

let probe: Probe;

beforeAll(async () => {
  const wasm = await compileAssemblyScript(path.join(SDK_DIR, "test", "assembly", "matcher", "probe.ts"));
  // Math.random asks the host for a seed; the test gives a fixed one.
  const { instance } = await WebAssembly.instantiate(wasm, {
    env: {
      abort: (_message: number, _file: number, line: number, column: number) => {
        throw new Error(`abort called at ${line}:${column}`);
      },
      seed: () => 12345,
    },
  });
  probe = new Probe(instance.exports as unknown as ProbeExports);
});

type Pairs = [string, string][];

function request(pathAndQuery: string, headers: Record<string, string> = {}, method = "GET"): Pairs {
  return [[":method", method], [":path", pathAndQuery], [":authority", "shop.example.com"], [":scheme", "http"], ...Object.entries(headers)];
}

function matchAll(match: unknown, requests: Pairs[]): string {
  return probe.run("matchRequests", JSON.stringify({ match, requests }));
}

describe("request matching", () => {
  it("matches every request when the list is absent or empty", () => {
    expect(matchAll(undefined, [request("/"), request("/x")])).toBe("ok 11");
    expect(matchAll([], [request("/")])).toBe("ok 1");
    expect(matchAll([{}], [request("/")])).toBe("ok 1");
  });

  it("compares URIs exactly, by prefix and by full-match regex, ignoring the query", () => {
    const requests = [request("/api"), request("/api/v1?x=1"), request("/API/v1"), request("/other")];
    expect(matchAll([{ uri: { exact: "/api" } }], requests)).toBe("ok 1000");
    expect(matchAll([{ uri: { prefix: "/api" } }], requests)).toBe("ok 1100");
    expect(matchAll([{ uri: { regex: "/api/v[0-9]" } }], requests)).toBe("ok 0100");
    expect(matchAll([{ uri: { regex: "/api" } }], [request("/api/v1")])).toBe("ok 0"); // full match, not search
    expect(matchAll([{ uri: { prefix: "/api" }, ignoreUriCase: true }], requests)).toBe("ok 1110");
  });

  it("does not percent-decode the path", () => {
    expect(matchAll([{ uri: { exact: "/a b" } }], [request("/a%20b")])).toBe("ok 0");
    expect(matchAll([{ uri: { exact: "/a%20b" } }], [request("/a%20b")])).toBe("ok 1");
  });

  it("ANDs the conditions of one alternative and ORs the alternatives", () => {
    const match = [
      { uri: { prefix: "/api" }, method: { exact: "POST" } },
      { headers: { "x-user": { exact: "jason" } } },
    ];
    const requests = [
      request("/api/x", {}, "POST"),
      request("/api/x", {}, "GET"),
      request("/web", { "x-user": "jason" }),
      request("/web", { "x-user": "json" }),
    ];
    expect(matchAll(match, requests)).toBe("ok 1010");
  });

  it("matches headers by value, presence and absence, with names in any case", () => {
    const requests = [request("/", { "x-env": "canary-1" }), request("/", { "x-env": "prod" }), request("/")];
    expect(matchAll([{ headers: { "X-Env": { prefix: "canary" } } }], requests)).toBe("ok 100");
    expect(matchAll([{ headers: { "x-env": { regex: "canary-[0-9]+" } } }], requests)).toBe("ok 100");
    expect(matchAll([{ headers: { "x-env": { present: true } } }], requests)).toBe("ok 110");
    expect(matchAll([{ headers: { "x-env": { absent: true } } }], requests)).toBe("ok 001");
    expect(matchAll([{ withoutHeaders: { "x-env": { exact: "prod" } } }], requests)).toBe("ok 101");
  });

  it("reads many headers in one request the same as few (the view's memory of read headers grows)", () => {
    const names = Array.from({ length: 20 }, (_, i) => `x-h${i}`);
    const all = Object.fromEntries(names.map((name, i) => [name, `v${i}`]));
    const lastDiffers = { ...all, "x-h19": "other" };
    const conditions = Object.fromEntries(names.map((name, i) => [name, { exact: `v${i}` }]));
    // Every condition twice over (two alternatives), so the second reads come from the view's memory.
    const match = [{ headers: conditions, withoutHeaders: { "x-h19": { exact: "other" } } }, { headers: conditions }];
    expect(matchAll(match, [request("/", all), request("/", lastDiffers), request("/")])).toBe("ok 100");
  });

  it("joins repeated headers with a comma, as Envoy's header matchers see them", () => {
    const twice: Pairs = [...request("/"), ["x-tag", "a"], ["x-tag", "b"]];
    expect(matchAll([{ headers: { "x-tag": { exact: "a,b" } } }], [twice])).toBe("ok 1");
  });

  it("matches cookies by name, through the cookie header too", () => {
    const requests = [
      request("/", { cookie: "session=abc; user=jason; theme=\"dark\"" }),
      request("/", { cookie: "user=ann" }),
      request("/"),
    ];
    expect(matchAll([{ cookies: { user: { exact: "jason" } } }], requests)).toBe("ok 100");
    expect(matchAll([{ cookies: { theme: { exact: "dark" } } }], requests)).toBe("ok 100");
    expect(matchAll([{ cookies: { user: { present: true } } }], requests)).toBe("ok 110");
    expect(matchAll([{ headers: { cookie: { regex: ".*user=jason.*" } } }], requests)).toBe("ok 100");
  });

  it("matches query parameters without decoding, taking the first value", () => {
    const requests = [request("/p?v=2&v=3"), request("/p?flag&v=10"), request("/p#v=2"), request("/p?x=1")];
    expect(matchAll([{ queryParams: { v: { exact: "2" } } }], requests)).toBe("ok 1000");
    expect(matchAll([{ queryParams: { v: { regex: "[0-9]+" } } }], requests)).toBe("ok 1100");
    expect(matchAll([{ queryParams: { flag: { exact: "" } } }], requests)).toBe("ok 0100");
  });

  it("matches method, authority and scheme", () => {
    const requests = [request("/", {}, "GET"), request("/", {}, "DELETE")];
    expect(matchAll([{ method: { regex: "GET|HEAD" } }], requests)).toBe("ok 10");
    expect(matchAll([{ authority: { prefix: "shop." }, scheme: { exact: "http" } }], requests)).toBe("ok 11");
    expect(matchAll([{ authority: { exact: "other" } }], requests)).toBe("ok 00");
  });
});

describe.each(["pairs", "serialized"])("request view over %s headers", (source) => {
  function part(pairs: Pairs, name: string, key = ""): string {
    return probe.run("readPart", JSON.stringify({ pairs, part: name, key, source }));
  }

  it("joins repeated headers with a comma and compares names ignoring ASCII case", () => {
    const pairs: Pairs = [["X-Team", "a"], ["x-other", "b"], ["x-team", "c"], ["x-teams", "d"]];
    expect(part(pairs, "header", "x-team")).toBe("=a,c");
    expect(part(pairs, "header", "x-other")).toBe("=b");
    expect(part(pairs, "header", "x-tea")).toBe("(null)");
    expect(part([["x-empty", ""]], "header", "x-empty")).toBe("=");
  });

  it("decodes values with non-ASCII characters and finds non-ASCII names", () => {
    expect(part([["x-name", "Zoë ☃"]], "header", "x-name")).toBe("=Zoë ☃");
    expect(part([["x-ñ", "1"], ["x-n", "2"]], "header", "x-ñ")).toBe("=1");
  });

  it("matches header conditions the same way", () => {
    const requests = [request("/", { "x-user": "jason" }), [...request("/"), ["x-user", "a"], ["X-User", "jason"]] as Pairs, request("/")];
    const run = (match: unknown) => probe.run("matchRequests", JSON.stringify({ match, requests, source }));
    expect(run([{ headers: { "x-user": { exact: "jason" } } }])).toBe("ok 100");
    expect(run([{ headers: { "x-user": { exact: "a,jason" } } }])).toBe("ok 010");
    expect(run([{ withoutHeaders: { "x-user": { present: true } } }])).toBe("ok 001");
  });

  it("splits cookies across several cookie headers, first value winning", () => {
    const pairs: Pairs = [["cookie", "a=1; b=2"], ["cookie", "c=3; a=9"]];
    expect(part(pairs, "cookie", "a")).toBe("=1");
    expect(part(pairs, "cookie", "c")).toBe("=3");
    expect(part(pairs, "cookie", "zz")).toBe("(null)");
    expect(part([["cookie", "novalue; =x; d="]], "cookie", "d")).toBe("=");
  });

  it("survives hostile cookie and query strings", () => {
    const many = Array.from({ length: 5000 }, (_, i) => `c${i}=${i}`).join("; ");
    expect(part([["cookie", many]], "cookie", "c4999")).toBe("=4999");
    const noEquals = "a".repeat(20000) + "&".repeat(20000);
    expect(part([[":path", `/?${noEquals}&k=v`]], "query", "k")).toBe("=v");
    // An empty name is a name like any other (as in Envoy): "===" is "" = "==".
    expect(part([["cookie", ";;;;===;\"\";"]], "cookie", "")).toBe("===");
  });

  it("separates the path from its query and fragment", () => {
    expect(part([[":path", "/a/b?x=1#frag"]], "path")).toBe("=/a/b");
    expect(part([[":path", "/a#f?x"]], "path")).toBe("=/a");
    expect(part([], "path")).toBe("(null)");
  });
});

/** A probe function's input: the name's length and UTF-8, then the map. */
function nameAndMap(map: Uint8Array, name: string): Uint8Array {
  const encodedName = new TextEncoder().encode(name);
  const input = new Uint8Array(4 + encodedName.length + map.length);
  new DataView(input.buffer).setUint32(0, encodedName.length, true);
  input.set(encodedName, 4);
  input.set(map, 4 + encodedName.length);
  return input;
}

/** firstSerializedValue(map, name) through the probe: "=<value>" or "(null)". */
function firstValue(map: Uint8Array, name: string): string {
  return probe.run("firstValue", nameAndMap(map, name));
}

/** The bytes firstSerializedValueSpan(map, name) points at, as text, or null when it finds none. */
function firstValueBytes(map: Uint8Array, name: string): string | null {
  const answer = probe.run("firstValueSpan", nameAndMap(map, name));
  if (answer === "(none)") return null;
  const [offset, length] = answer.split(":").map(Number);
  return Buffer.from(map.subarray(offset, offset! + length!)).toString("utf8");
}

describe("serialized header maps", () => {
  it("join every value of a repeated header in order, names compared ignoring ASCII case", () => {
    const joined = (map: Uint8Array, name: string) => probe.run("joinedValues", nameAndMap(map, name));
    const map = serializeMap([["X-Team", "a"], [":path", "/"], ["x-team", ""], ["x-other", "b"], ["x-TEAM", "Zoë"]]);
    expect(joined(map, "x-team")).toBe("=a, , Zoë");
    expect(joined(map, "x-other")).toBe("=b");
    expect(joined(map, "x-absent")).toBe("(null)");
    expect(joined(map.slice(0, map.length - 2), "x-team")).toBe("=a, ");
    expect(joined(serializeMap([]), "x-team")).toBe("(null)");
  });

  it("answer the first value of a repeated header, as proxy_get_header_map_value does", () => {
    const map = serializeMap([[":path", "/a"], ["Authorization", "Bearer first"], ["x-other", "b"], ["authorization", "Bearer second"]]);
    expect(firstValue(map, "authorization")).toBe("=Bearer first");
    expect(firstValue(map, ":path")).toBe("=/a");
    expect(firstValue(map, "authorizatio")).toBe("(null)");
    expect(firstValue(map, "x-absent")).toBe("(null)");
    expect(firstValue(serializeMap([["x-empty", ""], ["x-empty", "later"]]), "x-empty")).toBe("=");
    expect(firstValue(serializeMap([]), "x-a")).toBe("(null)");
  });

  it("point at the first value's bytes in place, undecoded", () => {
    const map = serializeMap([[":path", "/a"], ["Authorization", "Bearer first"], ["x-other", "b"], ["authorization", "Bearer second"], ["x-empty", ""]]);
    expect(firstValueBytes(map, "authorization")).toBe("Bearer first");
    expect(firstValueBytes(map, ":path")).toBe("/a");
    expect(firstValueBytes(map, "x-empty")).toBe("");
    expect(firstValueBytes(map, "x-absent")).toBeNull();
    expect(firstValueBytes(serializeMap([["x-name", "Zoë ☃"]]), "x-name")).toBe("Zoë ☃");
  });

  it("decode only the value asked for, and survive invalid UTF-8 in it or in the values around it", () => {
    // Decoded by the same String.UTF8.decodeUnsafe as a proxy_get_header_map_value answer (memory.ts takeString).
    const map = serializeMap([["x-bad", new Uint8Array([0x41, 0xff, 0xc3])], ["x-name", "Zoë ☃"], ["x-ñ", "1"]]);
    expect(firstValue(map, "x-bad")).toMatch(/^=A/);
    expect(firstValue(map, "x-name")).toBe("=Zoë ☃");
    expect(firstValue(map, "x-ñ")).toBe("=1");
  });

  it("find the first of many repeated headers and a large value", () => {
    const many: Array<[string, string]> = Array.from({ length: 100 }, (_, i) => ["x-repeated", `v${i}`]);
    const large = "t".repeat(70_000);
    const map = serializeMap([...many, ["authorization", large]]);
    expect(firstValue(map, "x-repeated")).toBe("=v0");
    expect(firstValue(map, "authorization")).toBe(`=${large}`);
  });

  it("stop at the last whole pair of a malformed map instead of trapping", () => {
    const map = serializeMap([["x-a", "1"], ["x-b", "22"]]);
    expect(firstValue(map.slice(0, map.length - 1), "x-a")).toBe("=1");
    expect(firstValue(map.slice(0, map.length - 1), "x-b")).toBe("(null)");
    const hugeCount = map.slice();
    new DataView(hugeCount.buffer).setUint32(0, 0xffffffff, true);
    expect(firstValue(hugeCount, "x-a")).toBe("(null)");
    expect(firstValue(new Uint8Array([1, 0]), "x-a")).toBe("(null)");
  });

  it("stops at the last whole pair of a truncated map instead of trapping", () => {
    const read = probe.exports.readTruncatedHeader as (cut: number) => number;
    // x-a=1, x-b=22 serialize to 33 bytes: count (4), lengths (16), "x-a\01\0" (6), "x-b\022\0" (7).
    // Cutting 1 or 7 bytes leaves x-a whole, 8 cuts into it, 10 leaves too little for two pairs' lengths.
    expect([0, 1, 7, 8, 10].map((cut) => read(cut))).toEqual([2, 1, 1, 0, 0]);
  });
});

describe("configuration errors", () => {
  it.each([
    [{ uri: { exact: 1 } }, /^error match\[0\]\.uri\.exact: expected a string, got 1 \[E_CONFIG_TYPE\]$/],
    [{ uri: { suffix: "x" } }, /^error match\[0\]\.uri\.suffix: unknown field "suffix"; did you mean "prefix"\? expected one of exact, prefix, regex \[E_CONFIG_UNKNOWN_FIELD\]$/],
    [{ uri: {} }, /^error match\[0\]\.uri: empty match; set exactly one of exact, prefix, regex \[E_CONFIG_EXCLUSIVE\]$/],
    [{ uri: { exact: "/", prefix: "/" } }, /^error match\[0\]\.uri: more than one kind of match \(exact, prefix\)/],
    [{ uri: { regex: "(a" } }, /^error match\[0\]\.uri\.regex: invalid regex "\(a" at position \d+: .*\[E_CONFIG_REGEX\]$/],
    [{ uri: { regex: "(a)\\1" } }, /^error match\[0\]\.uri\.regex: .*unsupported-backreference/],
    [{ port: 80 }, /^error match\[0\]\.port: unknown field "port"; did you mean "uri"\? expected one of name, uri,/],
    [{ urI: { exact: "/" } }, /^error match\[0\]\.urI: unknown field "urI"; did you mean "uri"\?/],
    [{ headers: { "x-a": { present: false } } }, /^error match\[0\]\.headers\.x-a\.present: present: false is ambiguous; write absent: true \[E_CONFIG_EXCLUSIVE\]/],
    [{ headers: { "bad name": { exact: "x" } } }, /^error match\[0\]\.headers\["bad name"\]: header name "bad name" has a character not allowed .*\[E_CONFIG_HEADER_NAME\]$/],
    [{ headers: { "": { exact: "x" } } }, /^error match\[0\]\.headers\[""\]: empty name/],
    [{ queryParams: { q: { prefix: "a" } } }, /^error match\[0\]\.queryParams\.q\.prefix: unknown field "prefix"; did you mean "regex"\? expected one of exact, regex, present, absent/],
    [{ headers: [] }, /^error match\[0\]\.headers: expected an object of name: match, got an array \[E_CONFIG_TYPE\]/],
    [{ ignoreUriCase: "yes" }, /^error match\[0\]\.ignoreUriCase: expected a boolean, got "yes"/],
    ["uri", /^error match\[0\]: expected an object, got "uri"/],
  ])("refuses %j", (alternative, message) => {
    expect(matchAll([alternative], [])).toMatch(message);
  });

  it("refuses a match that is not a list", () => {
    expect(matchAll({ uri: { exact: "/" } }, [])).toMatch(/^error match: expected an array of match alternatives, got an object/);
  });

  it("names the failing alternative by index", () => {
    expect(matchAll([{ uri: { exact: "/" } }, { method: { regex: "*" } }], [])).toMatch(/^error match\[1\]\.method\.regex: /);
  });
});

describe("percentages", () => {
  it.each([
    [12.5, "ok 125000 12.5%"],
    [{ value: 0.0001 }, "ok 1 0.0001%"],
    [{ value: 100 }, "ok 1000000 100%"],
    [{ numerator: 1 }, "ok 10000 1%"],
    [{ numerator: 25, denominator: "TEN_THOUSAND" }, "ok 2500 0.25%"],
    [{ numerator: 7, denominator: "MILLION" }, "ok 7 0.0007%"],
  ])("reads %j", (json, expected) => {
    expect(probe.run("readPercentage", JSON.stringify({ p: json }))).toBe(expected);
  });

  it.each([
    [101, /^error p: expected a percent from 0 to 100, got 101 \[E_CONFIG_RANGE\]/],
    [{ value: -1 }, /^error p\.value: expected a percent from 0 to 100, got -1 \[E_CONFIG_RANGE\]/],
    [{ numerator: 101 }, /^error p\.numerator: numerator 101 exceeds the denominator 100.* \[E_CONFIG_RANGE\]/],
    [{ numerator: 1.5 }, /^error p\.numerator: expected an integer, got 1\.5 \[E_CONFIG_TYPE\]/],
    [{ numerator: -1 }, /^error p\.numerator: expected an integer from 0 to 4294967295, got -1 \[E_CONFIG_RANGE\]/],
    [{ numerator: 1, denominator: "THOUSAND" }, /^error p\.denominator: expected one of HUNDRED, TEN_THOUSAND, MILLION, got "THOUSAND" \[E_CONFIG_ENUM\]/],
    [{ value: 1, extra: 1 }, /^error p\.extra: unknown field "extra"; did you mean "value"\?/],
    [{}, /^error p\.numerator: required field is missing; give "value"/],
    ["10%", /^error p: expected a percent number or an object/],
  ])("refuses %j", (json, message) => {
    expect(probe.run("readPercentage", JSON.stringify({ p: json }))).toMatch(message);
  });

  it("samples within binomial bounds and never for 0% or always for 100%", () => {
    const countSamples = probe.exports.countSamples as (perMillion: number, draws: number) => number;
    const draws = 100_000;
    const hits = countSamples(250_000, draws);
    const sigma = Math.sqrt(draws * 0.25 * 0.75);
    expect(Math.abs(hits - draws * 0.25)).toBeLessThan(4.5 * sigma);
    expect(countSamples(0, 1000)).toBe(0);
    expect(countSamples(1_000_000, 1000)).toBe(1000);
  });
});
