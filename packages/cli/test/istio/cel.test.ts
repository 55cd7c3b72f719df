import { describe, expect, it } from "vitest";
import { CelCompileError, CelEvalError, compileCel } from "../../src/istio/index.ts";
import { parseRequestUri, parseUrl } from "../../src/istio/cel/go-url.ts";
import { fromJson, type CelValue } from "../../src/istio/cel/values.ts";

function run(expression: string, self?: unknown): CelValue {
  return compileCel(expression).run(new Map([["self", fromJson(self)]]));
}

describe("the CEL evaluator", () => {
  it.each([
    ["1 + 2 * 3 == 7", true],
    ["(1 + 2) * 3", 9n],
    ["7 / 2", 3n],
    ["-7 % 3", -1n],
    ["1.5 + 1.0", 2.5],
    ['"ab" + "c"', "abc"],
    ["[1, 2] + [3]", [1n, 2n, 3n]],
    ["true ? 1 : 2", 1n],
    ["false || !false", true],
    ['"b" in ["a", "b"]', true],
    ['"x" in {"x": 1}', true],
    ["1 == 1.0", true],
    ["2 > 1 && 1.5 < 2", true],
    ['"abc".startsWith("ab") && "abc".endsWith("bc") && "abc".contains("b")', true],
    ['"v1.2".matches("^v[0-9]+\\\\.[0-9]+$")', true],
    ['matches("abc", "b")', true],
    ['size("héllo") == 5 && size([1, 2]) == 2 && {"a": 1}.size() == 1', true],
    ["[1, 2, 3].exists(x, x > 2) && [1, 2, 3].all(x, x > 0) && [1, 2, 3].exists_one(x, x == 2)", true],
    ["[1, 2, 3].map(x, x * 2)", [2n, 4n, 6n]],
    ["[1, 2, 3].filter(x, x != 2)", [1n, 3n]],
    ["'single' + \"\\x41\\u00e9\\n\"", "singleAé\n"],
    ["r'\\d'", "\\d"],
  ])("%s", (expression, expected) => {
    expect(run(expression)).toEqual(expected);
  });

  it("reads self as Kubernetes hands it over: objects as maps, fields by name, has() for presence", () => {
    const self = { a: { b: "x" }, list: [1, 2], labels: { app: "reviews" } };
    expect(run("self.a.b == 'x' && has(self.a) && !has(self.missing)", self)).toBe(true);
    expect(run("self.labels.all(k, !k.contains('*')) && self.list[1] == 2", self)).toBe(true);
    expect(() => run("self.missing == 1", self)).toThrow(CelEvalError);
  });

  it("lets && and || absorb an error when the other side decides, as CEL does", () => {
    expect(run("self.missing == 1 || true", {})).toBe(true);
    expect(run("false && self.missing == 1", {})).toBe(false);
    expect(() => run("self.missing == 1 || false", {})).toThrow(/no such key: missing/);
    expect(run("[0, 1].exists(x, 1 / x == 1)")).toBe(true);
  });

  it("keeps int and double apart and checks 64-bit overflow", () => {
    expect(() => run("1 + 1.0")).toThrow(/no such overload/);
    expect(() => run("9223372036854775807 + 1")).toThrow(/overflow/);
    expect(run("-9223372036854775808")).toBe(-(2n ** 63n));
    expect(() => run("1 / 0")).toThrow(/division by zero/);
    expect(() => run("'a' < 1")).toThrow(/no such overload/);
  });

  it.each([
    ["self.lowerAscii() == 'a'", /lowerAscii\(\) with 0 argument\(s\) is not implemented/],
    ["duration('1s') > duration('0s')", /function duration\(\)/],
    ["oldSelf == self", /unknown name "oldSelf"/],
    ["x == 1", /unknown name "x"/],
    ["self.a &= 1", /unexpected character "&"/],
    ["b'bytes'", /bytes literals are not supported/],
    ["1u", /unsigned integer literals/],
    ["'''triple'''", /triple-quoted/],
    ["has(self)", /has\(\) takes one field selection/],
    ["self.all(1, true)", /macro all takes the form/],
    ["self.size(", /unexpected end of expression/],
    [".self", /qualified \(leading-dot\) names/],
  ])("refuses to compile %s", (expression, message) => {
    expect(() => compileCel(expression)).toThrow(CelCompileError);
    expect(() => compileCel(expression)).toThrow(message);
  });
});

describe("Kubernetes' URL functions, ported from Go's net/url", () => {
  it.each([
    ["oci://ghcr.io/org/filter:1.0", "oci"],
    ["HTTPS://example.com:8443/x.wasm?a=1", "https"],
    ["file:///opt/filters/x.wasm", "file"],
    ["localhost:5000/filter:1", "localhost"],
    ["/absolute/path", ""],
    ["mailto:someone@example.com", "mailto"],
  ])("isURL(%s) is true and getScheme() is %s", (url, scheme) => {
    expect(run("isURL(self)", url)).toBe(true);
    expect(run("url(self).getScheme()", url)).toBe(scheme);
  });

  it.each([
    ["ghcr.io/org/filter:1.0", "invalid URI for request"],
    ["", "empty url"],
    [":8080/x", "missing protocol scheme"],
    ["http://exa mple.com/", 'invalid character " " in host name'],
    ["http://host:port/", 'invalid port ":port" after host'],
    ["http://[::1/", "missing ']' in host"],
    ["http://h/%zz", 'invalid URL escape "%zz"'],
    ["http://h/\u0001", "invalid control character"],
  ])("isURL(%j) is false (Go: %s)", (url, reason) => {
    expect(run("isURL(self)", url)).toBe(false);
    expect(() => parseRequestUri(url)).toThrow(reason);
  });

  it("splits host, port, path and query like Go", () => {
    const url = parseUrl("https://user@[::1]:8443/a%20b?x=1#frag");
    expect(url).toMatchObject({ scheme: "https", userinfo: "user", host: "[::1]:8443", path: "/a%20b", rawQuery: "x=1", fragment: "frag" });
    expect(run("url(self).getHostname() + ' ' + url(self).getPort()", "https://[::1]:8443/")).toBe("::1 8443");
    expect(() => run("url(self)", "not a url")).toThrow(/URL parse error/);
  });
});
