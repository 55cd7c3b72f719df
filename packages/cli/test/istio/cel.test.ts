// CEL as the Kubernetes API server evaluates a CRD's x-kubernetes-validations
// rules: each expression below becomes a rule of a small CRD written for the
// test, and the validator (Kubernetes' own code) runs it. These are the
// expressions the CLI's former evaluator was tested with; where Kubernetes'
// CEL accepts more than it did (string extensions, durations, bytes,
// unsigned ints, transition rules), the test now says what Kubernetes does.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { stringify } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { formatFieldError, validateIstioResources } from "../../src/istio/index.ts";
import { PROVISION_TIMEOUT_MS, tempDir } from "./fixtures.ts";

interface RuleCase {
  /** The rule, with `self` the case's value. */
  readonly rule: string;
  /** The case field's schema (self's type); an int when omitted. */
  readonly schema?: Record<string, unknown>;
  /** The value self gets; 0 when omitted. */
  readonly self?: unknown;
}

/**
 * Runs every rule in one validation: a CRD whose spec has one field per
 * case, each with its rule (message: the case's index), and one document
 * setting them all. Returns, per case, the problems reported at its field.
 */
async function runRules(cases: readonly RuleCase[]): Promise<string[][]> {
  const properties = Object.fromEntries(
    cases.map((c, i) => [`case${i}`, { ...(c.schema ?? { type: "integer" }), "x-kubernetes-validations": [{ rule: c.rule, message: `case ${i} is false` }] }]),
  );
  const crd = {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "probes.cel.envoyscript.dev" },
    spec: {
      group: "cel.envoyscript.dev",
      names: { kind: "Probe", plural: "probes", singular: "probe", listKind: "ProbeList" },
      scope: "Namespaced",
      versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", properties: { spec: { type: "object", properties } } } } }],
    },
  };
  const crdFile = path.join(tempDir("envoyscript-cel-"), "probe-crd.yaml");
  writeFileSync(crdFile, stringify(crd));
  const spec = Object.fromEntries(cases.map((c, i) => [`case${i}`, c.self ?? 0]));
  const [result] = await validateIstioResources([{ apiVersion: "cel.envoyscript.dev/v1", kind: "Probe", metadata: { name: "probe", namespace: "default" }, spec }], { crdFiles: [crdFile] });
  return cases.map((_, i) => result.errors.filter((error) => error.path === `spec.case${i}`).map(formatFieldError));
}

/** Expression → the CEL literal of its value, checked with `==`. */
const evaluations: [string, string][] = [
  ["1 + 2 * 3 == 7", "true"],
  ["(1 + 2) * 3", "9"],
  ["7 / 2", "3"],
  ["-7 % 3", "-1"],
  ["1.5 + 1.0", "2.5"],
  ['"ab" + "c"', '"abc"'],
  ["[1, 2] + [3]", "[1, 2, 3]"],
  ["true ? 1 : 2", "1"],
  ["false || !false", "true"],
  ['"b" in ["a", "b"]', "true"],
  ['"x" in {"x": 1}', "true"],
  ["2 > 1 && 1.5 < 2.0", "true"],
  ['"abc".startsWith("ab") && "abc".endsWith("bc") && "abc".contains("b")', "true"],
  ['"v1.2".matches("^v[0-9]+\\\\.[0-9]+$")', "true"],
  ['matches("abc", "b")', "true"],
  ['size("héllo") == 5 && size([1, 2]) == 2 && {"a": 1}.size() == 1', "true"],
  ["[1, 2, 3].exists(x, x > 2) && [1, 2, 3].all(x, x > 0) && [1, 2, 3].exists_one(x, x == 2)", "true"],
  ["[1, 2, 3].map(x, x * 2)", "[2, 4, 6]"],
  ["[1, 2, 3].filter(x, x != 2)", "[1, 3]"],
  ["'single' + \"\\x41\\u00e9\\n\"", '"singleAé\\n"'],
  ["r'\\d'", '"\\\\d"'],
  // Kubernetes' CEL has what the former evaluator refused:
  ["'ABC'.lowerAscii()", "'abc'"],
  ["duration('1s') > duration('0s')", "true"],
  ["b'bytes'", "b'bytes'"],
  ["1u + 2u", "3u"],
  ["'''triple'''", "'triple'"],
];

describe("CEL expressions, evaluated by the API server's code", () => {
  let results: string[][];
  beforeAll(async () => {
    results = await runRules(evaluations.flatMap(([expression, value]) => [{ rule: `(${expression}) == ${value}` }, { rule: `(${expression}) != ${value}` }]));
  }, PROVISION_TIMEOUT_MS);

  it.each(evaluations.map(([expression, value], i) => [expression, value, i] as const))("%s is %s", (_expression, _value, i) => {
    expect(results[2 * i]).toEqual([]);
    expect(results[2 * i + 1]).toEqual([`spec.case${2 * i + 1}: Invalid value: 0: case ${2 * i + 1} is false`]);
  });
});

describe("self, as Kubernetes hands it over", () => {
  const object = {
    type: "object",
    properties: {
      a: { type: "object", properties: { b: { type: "string" } } },
      list: { type: "array", items: { type: "integer" } },
      labels: { type: "object", additionalProperties: { type: "string" } },
      missing: { type: "integer" },
    },
  };
  const self = { a: { b: "x" }, list: [1, 2], labels: { app: "reviews" } };
  const cases: RuleCase[] = [
    { rule: "self.a.b == 'x' && has(self.a) && !has(self.missing)", schema: object, self },
    { rule: "self.labels.all(k, !k.contains('*')) && self.list[1] == 2", schema: object, self },
    { rule: "self.missing == 1", schema: object, self },
    // && and || absorb an error when the other side decides
    { rule: "self.missing == 1 || true", schema: object, self },
    { rule: "!(false && self.missing == 1)", schema: object, self },
    { rule: "self.missing == 1 || false", schema: object, self },
    { rule: "[0, 1].exists(x, 1 / x == 1)" },
  ];
  let results: string[][];
  beforeAll(async () => {
    results = await runRules(cases);
  }, PROVISION_TIMEOUT_MS);

  it("reads objects as maps, fields by name, has() for presence", () => {
    expect(results[0]).toEqual([]);
    expect(results[1]).toEqual([]);
  });

  it("reports reading an absent field as an error at the rule's field", () => {
    expect(results[2].join("\n")).toMatch(/spec\.case2: .*no such key: missing/);
  });

  it("lets && and || absorb an error when the other side decides, as CEL does", () => {
    expect(results[3]).toEqual([]);
    expect(results[4]).toEqual([]);
    expect(results[5].join("\n")).toMatch(/no such key: missing/);
    expect(results[6]).toEqual([]);
  });
});

describe("CEL's types and errors in the API server", () => {
  const cases: RuleCase[] = [
    { rule: "1 + 1.0 == 2.0" },
    { rule: "9223372036854775807 + 1 > 0" },
    { rule: "-9223372036854775808 < 0" },
    { rule: "1 / 0 == 0" },
    { rule: "'a' < 1" },
    { rule: "x == 1" },
    { rule: "self.a &= 1" },
    { rule: "has(self)" },
    { rule: "[1].all(1, true)" },
    { rule: "size(" },
    { rule: "oldSelf == self" },
  ];
  let results: string[][];
  beforeAll(async () => {
    results = await runRules(cases);
  }, PROVISION_TIMEOUT_MS);

  it("keeps int and double apart, checks 64-bit overflow and division by zero", () => {
    expect(results[0].join("\n")).toMatch(/no matching overload/);
    expect(results[1].join("\n")).toMatch(/overflow/);
    expect(results[2]).toEqual([]);
    expect(results[3].join("\n")).toMatch(/division by zero/);
    expect(results[4].join("\n")).toMatch(/no matching overload/);
  });

  it("refuses rules that do not compile, with the compiler's message", () => {
    expect(results[5].join("\n")).toMatch(/undeclared reference to 'x'/);
    expect(results[6].join("\n")).toMatch(/Syntax error/);
    expect(results[7].join("\n")).toMatch(/invalid argument to has\(\) macro/);
    expect(results[8].join("\n")).toMatch(/argument must be a simple name/);
    expect(results[9].join("\n")).toMatch(/Syntax error/);
  });

  it("does not run transition rules (oldSelf) on create", () => {
    expect(results[10]).toEqual([]);
  });
});

describe("Kubernetes' URL functions (Go's net/url)", () => {
  const schemes: [string, string][] = [
    ["oci://ghcr.io/org/filter:1.0", "oci"],
    ["HTTPS://example.com:8443/x.wasm?a=1", "https"],
    ["file:///opt/filters/x.wasm", "file"],
    ["localhost:5000/filter:1", "localhost"],
    ["/absolute/path", ""],
    ["mailto:someone@example.com", "mailto"],
  ];
  const notUrls = ["ghcr.io/org/filter:1.0", "", ":8080/x", "http://exa mple.com/", "http://host:port/", "http://[::1/", "http://h/%zz", "http://h/\u0001"];
  const string = { type: "string" };
  let results: string[][];
  beforeAll(async () => {
    results = await runRules([
      ...schemes.map(([url, scheme]) => ({ rule: `isURL(self) && url(self).getScheme() == '${scheme}'`, schema: string, self: url })),
      ...notUrls.map((url) => ({ rule: "!isURL(self)", schema: string, self: url })),
      { rule: "url(self).getHostname() + ' ' + url(self).getPort() == '::1 8443'", schema: string, self: "https://user@[::1]:8443/a%20b?x=1#frag" },
      { rule: "url(self).getEscapedPath() == '/a%20b' && url(self).getQuery() == {'x': ['1']}", schema: string, self: "https://user@[::1]:8443/a%20b?x=1#frag" },
      { rule: "url(self).getScheme() == ''", schema: string, self: "not a url" },
    ]);
  }, PROVISION_TIMEOUT_MS);

  it.each(schemes.map(([url, scheme], i) => [url, scheme, i] as const))("isURL(%j) is true and getScheme() is %j", (_url, _scheme, i) => {
    expect(results[i]).toEqual([]);
  });

  it.each(notUrls.map((url, i) => [url, schemes.length + i] as const))("isURL(%j) is false", (_url, i) => {
    expect(results[i]).toEqual([]);
  });

  it("splits host, port, path and query like Go, and fails on what is not a URL", () => {
    const at = schemes.length + notUrls.length;
    expect(results[at]).toEqual([]);
    expect(results[at + 1]).toEqual([]);
    expect(results[at + 2].join("\n")).toMatch(/URL parse error/);
  });
});
